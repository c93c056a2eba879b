"""What the room, its block fragment and its feed fragment show to one person. Every
read of case content, notes or learning points is logged here."""
from __future__ import annotations

from typing import Any

from kring.accounts.models import User
from kring.audit.actions import log_access
from kring.groups.roles import facilitators
from kring.live import agenda, events, queries
from kring.live.actions.vote import tally, unsettled
from kring.live.lookback import look_back_items
from kring.live.models import BlockKind, Contribution, LiveSession, Mode, SessionStatus
from kring.live.rotation import next_chair
from kring.methods.models import Collects, Speaker


def base(person: User, session: LiveSession) -> dict[str, Any]:
    block = session.current_block
    chosen = list(session.chosen.select_related("case", "bringer"))
    return {
        "session": session, "group": session.group, "meeting": session.meeting,
        # Not "block": inside {% block %} Django names the template block so.
        "current": block,
        "roles": queries.roles_in(person, session, block), "chosen": chosen,
        "block_chosen": queries.chosen_for_block(session, block),
        "running": session.status == SessionStatus.RUNNING, "written_mode": session.mode == Mode.WRITTEN,
    }


def block_context(person: User, session: LiveSession) -> dict[str, Any]:
    ctx = base(person, session)
    block, roles, chosen = ctx["current"], ctx["roles"], ctx["block_chosen"]
    if block is None:
        return ctx
    ctx.update({
        "purpose": agenda.purpose(block), "prompts": agenda.prompts(block),
        "chair_instructions": agenda.chair_instructions(block),
        "bringer_speaks": block.speaker == Speaker.BRINGER,
        "can_note": roles.can_take_notes or session.mode == Mode.WRITTEN,
        "can_advise": block.collects == Collects.ADVICE and chosen is not None and not roles.bringer,
        "can_learn": chosen is not None and roles.bringer and block.collects in (Collects.LEARNING, Collects.ADVICE),
        "can_yield": block.kind == BlockKind.YIELDS or block.collects == Collects.YIELDS,
        "my_yield": session.yields.filter(person=person).first(),
        "confirm_agreements": block.kind == BlockKind.AGREEMENTS,
        "confirmed": session.confirmations.filter(person=person).exists(),
    })
    if chosen is not None:
        log_access(events.CASE_READ, person, chosen.case, subject=chosen.bringer)
    return ctx


def feed_context(person: User, session: LiveSession) -> dict[str, Any]:
    ctx = base(person, session)
    block = ctx["current"]
    results = tally(session)
    my_votes = set(session.votes.filter(voter=person).values_list("case_id", flat=True))
    show_counts = session.vote_closed or not session.hide_results
    entries = list(session.entries.select_related("author", "block", "chosen"))
    voting = (block is not None and block.kind == BlockKind.VOTE) or (session.vote_closed and session.tied_case_ids)
    ctx.update({
        "blocks": list(session.blocks.order_by("order")),
        "voting": voting, "vote_closed": session.vote_closed,
        # In the vote with no case settled: the chair is told what holds the meeting.
        "vote_held": block is not None and block.kind == BlockKind.VOTE and unsettled(session),
        "ballot": [{"case": c, "count": n if show_counts else None, "mine": c.pk in my_votes,
                    "tied": str(c.pk) in session.tied_case_ids} for c, n in results],
        "votes_left": max(0, session.votes_per_member - len(my_votes)),
        "is_member": ctx["roles"].member,
        "block_notes": [e for e in entries if block is not None and e.block_id == block.pk
                        and e.kind == Contribution.NOTE],
        "advice": {c.pk: [e for e in entries if e.chosen_id == c.pk and e.kind == Contribution.ADVICE]
                   for c in ctx["chosen"]},
        "learning": {c.pk: [e for e in entries if e.chosen_id == c.pk and e.kind == Contribution.LEARNING]
                     for c in ctx["chosen"]},
        "yields": list(session.yields.select_related("person").order_by("person__name")),
        "confirmations": session.confirmations.count(),
    })
    ctx["chosen_view"] = [
        {"chosen": c, "advice": ctx["advice"][c.pk], "learning": ctx["learning"][c.pk]} for c in ctx["chosen"]]
    if block is not None and block.kind == BlockKind.LOOKBACK:
        ctx["lookback"] = look_back_items(session.group, session.meeting.starts_at)
        for item in ctx["lookback"]:
            log_access(events.LOOKBACK_READ, person, item.source, subject=item.bringer)
    if block is not None and block.kind == BlockKind.AGREEMENTS:
        ctx["agreements"] = queries.read_agreements(person, session.group)
    if voting:
        for row in ctx["ballot"]:
            log_access(events.CASE_READ, person, row["case"], subject=row["case"].author)
    log_access(events.NOTES_READ, person, session)
    return ctx


def room_context(person: User, session: LiveSession) -> dict[str, Any]:
    ctx = {**block_context(person, session), **feed_context(person, session)}
    ctx["next_chair"] = next_chair(session.group, exclude_session=None) if session.group.chair_rotates else None
    ctx["presences"] = list(session.presences.select_related("person").order_by("person__name"))
    # Everyone sees who else holds the chair's controls.
    ctx["co_chairs"] = [] if session.controls_handed_over else [
        f for f in facilitators(session.group) if f.pk != session.chair_id]
    return ctx
