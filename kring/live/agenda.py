"""The meeting's agenda: the standard blocks around the method's phases, and the texts
shown for the standard blocks (translated at display time, so each person reads them in
their own language)."""
from __future__ import annotations

from copy import deepcopy

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kring.live import plan
from kring.live.models import Block, BlockKind, LiveSession, Mode
from kring.methods.models import Collects, Speaker

# kind, minutes, speaker, what is written down
BEFORE = [
    (BlockKind.CHECKIN, 10, Speaker.ROUND, Collects.NOTES),
    (BlockKind.AGREEMENTS, 5, Speaker.CHAIR, Collects.NOTES),
    (BlockKind.LOOKBACK, 10, Speaker.BRINGER, Collects.NOTES),
    (BlockKind.VOTE, 10, Speaker.GROUP, Collects.NOTES),
]
VOTE = BEFORE[3]
BREAK = (BlockKind.PAUSE, 15, Speaker.GROUP, Collects.NOTES)
AFTER = [
    (BlockKind.YIELDS, 10, Speaker.ROUND, Collects.YIELDS),
    (BlockKind.WRAPUP, 5, Speaker.CHAIR, Collects.NOTES),
    (BlockKind.COOLDOWN, 5, Speaker.ROUND, Collects.NOTES),
]

PURPOSES: dict[str, Promise] = {
    BlockKind.CHECKIN: _("Everyone says briefly how they arrive today and what is on their mind."),
    BlockKind.AGREEMENTS: _("The group's safety agreements are read out and confirmed by everyone."),
    BlockKind.LOOKBACK: _("The previous case bringer tells what came of their learning points."),
    BlockKind.VOTE: _("Members vote on the submitted cases; the chair closes the vote."),
    BlockKind.PAUSE: _("A break. The timer keeps track of it; breaks do not count as net time."),
    BlockKind.YIELDS: _("Everyone writes down and shares what today yielded for them."),
    BlockKind.WRAPUP: _("The chair sums up, checks the next meeting and the roles for next time."),
    BlockKind.COOLDOWN: _("Close together: how do you leave, what do you leave behind here?"),
}
PROMPTS: dict[str, list[Promise]] = {
    BlockKind.CHECKIN: [_("How do you arrive today?"), _("Is there anything the group should know?")],
    BlockKind.AGREEMENTS: [_("What is said here stays here."), _("Confirm the agreements below.")],
    BlockKind.LOOKBACK: [_("What did you do with your learning points?"), _("What worked, and what did not?")],
    BlockKind.VOTE: [_("Which case would help the group most today?")],
    BlockKind.PAUSE: [_("Take a break. The meeting continues when the chair resumes.")],
    BlockKind.YIELDS: [_("What do you take with you from today?")],
    BlockKind.WRAPUP: [_("Is anything left that needs saying?")],
    BlockKind.COOLDOWN: [_("How do you leave? What do you leave behind here?")],
}


def purpose(block: Block) -> str:
    return block.text("purpose") if block.purpose else str(PURPOSES.get(block.kind, ""))


def chair_instructions(block: Block) -> str:
    return block.text("chair_instructions") if block.chair_instructions else ""


def prompts(block: Block) -> list[str]:
    return block.lines("prompts") or [str(p) for p in PROMPTS.get(block.kind, [])]


def _standard(session: LiveSession, spec: tuple[str, int, str, str]) -> Block:
    kind, minutes, speaker, collects = spec
    return Block(session=session, kind=kind, minutes=minutes, speaker=speaker, collects=collects)


def phase_blocks(session: LiveSession, slot: int) -> list[Block]:
    if session.method is None:
        return []
    # The texts as stored plus their translations: each reader sees their own language.
    return [
        Block(session=session, kind=BlockKind.PHASE, case_slot=slot, title=p.title, purpose=p.purpose,
              chair_instructions=p.chair_instructions, prompts=p.prompts, translations=deepcopy(p.translations),
              speaker=p.speaker, minutes=p.minutes, bringer_outside=p.bringer_outside, collects=p.collects)
        for p in session.method.phases.all()
    ]


def _with_phases(keep: list[Block], at: int, first: list[Block], second: list[Block]) -> list[Block]:
    """The blocks in order: the first case's phases at ``at``, the second case's after the
    next break (or right after the first's when there is none)."""
    rest = keep[at:]
    pause = next((i for i, b in enumerate(rest) if b.kind == BlockKind.PAUSE), None)
    if not second:
        return keep[:at] + first + rest
    if pause is None:
        return keep[:at] + first + second + rest
    return keep[:at] + first + rest[:pause + 1] + second + rest[pause + 1:]


def _second(session: LiveSession) -> list[Block]:
    return phase_blocks(session, 2) if session.case_count == 2 else []


def _planned(session: LiveSession, items: list[plan.Planned]) -> tuple[list[Block], int]:
    """The facilitator's planned items as blocks, with a vote where the plan has none
    (a case must be chosen), and the position of the method's phases."""
    specs: dict[str, tuple[str, int, str, str]] = {spec[0]: spec for spec in [*BEFORE, BREAK, *AFTER]}
    keep: list[Block] = []
    at = None
    for item in items:
        if item.kind == plan.METHOD:
            at = len(keep)
            continue
        if item.kind == BlockKind.CUSTOM:
            block = Block(session=session, kind=BlockKind.CUSTOM, title=item.title, minutes=item.minutes or 10)
        else:
            block = _standard(session, specs[item.kind])
            block.title = plan.own_title(item.kind, item.title)
            if item.minutes:
                block.minutes = item.minutes
            elif item.kind == BlockKind.PAUSE and session.meeting.break_minutes:
                block.minutes = session.meeting.break_minutes
        keep.append(block)
    if not any(b.kind == BlockKind.VOTE for b in keep):
        after = next((i for i, b in enumerate(keep) if b.kind in (BlockKind.PAUSE, *(s[0] for s in AFTER))), len(keep))
        position = at if at is not None else after
        keep.insert(position, _standard(session, VOTE))
        at = position + 1
    vote = next(i for i, b in enumerate(keep) if b.kind == BlockKind.VOTE)
    # The phases need the chosen case: never before the vote.
    return keep, vote + 1 if at is None or at <= vote else at


def build(session: LiveSession) -> None:
    """A fresh agenda (replacing any that was not started). A live meeting follows the
    meeting's own planned agenda when it has one, with the method's phases merged in."""
    session.blocks.all().delete()
    items = plan.read(session.meeting.agenda)
    if session.mode == Mode.WRITTEN:
        # The vote first (with a deadline of its own): without a chosen case the phases
        # would have nobody to advise.
        blocks = [_standard(session, VOTE), *phase_blocks(session, 1), _standard(session, AFTER[0])]
    else:
        if items:
            keep, at = _planned(session, items)
        else:
            keep = [_standard(session, s) for s in [*BEFORE, BREAK, *AFTER]]
            at = len(BEFORE)
        blocks = _with_phases(keep, at, phase_blocks(session, 1), _second(session))
    for order, block in enumerate(blocks):
        block.order = order
    Block.objects.bulk_create(blocks)


def replace_phases(session: LiveSession) -> None:
    """Swap the method phases for those of the (new) method, keeping every other block
    where the facilitator put it."""
    blocks = list(session.blocks.order_by("order"))
    positions = [i for i, b in enumerate(blocks) if b.kind == BlockKind.PHASE]
    keep = [b for b in blocks if b.kind != BlockKind.PHASE]
    if positions:
        at = positions[0]
    else:
        vote = next((i for i, b in enumerate(keep) if b.kind == BlockKind.VOTE), len(keep) - 1)
        at = vote + 1
    first, second = phase_blocks(session, 1), _second(session)
    ordered = _with_phases(keep, at, first, second)
    session.blocks.filter(kind=BlockKind.PHASE).delete()
    Block.objects.bulk_create(first + second)
    for order, block in enumerate(ordered):
        Block.objects.filter(pk=block.pk).update(order=order)
