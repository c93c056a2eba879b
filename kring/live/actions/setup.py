"""Preparing a live meeting: method, mode, roles, vote settings, the agenda, and the
group's standing safety agreements."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.core.ordering import move_one
from kring.groups.models import IntervisionGroup
from kring.groups.roles import reach
from kring.live import agenda, events, queries
from kring.live.actions._common import changed, clean_text, locked, require_circle, require_organiser, stored_block
from kring.live.models import Block, BlockKind, GroupAgreements, LiveSession, Mode, SessionStatus
from kring.live.rotation import next_chair
from kring.meetings.models import Meeting, MeetingStatus
from kring.methods.models import Method
from kring.methods.queries import methods_for_group

DEFAULT_METHOD = "lvsc-zes-fasen"


def _default_method(group: IntervisionGroup) -> Method | None:
    return Method.objects.filter(key=DEFAULT_METHOD).first() or methods_for_group(group).first()


def prepare(actor: User, meeting: Meeting) -> LiveSession:
    """Create the live meeting (or return the existing one: preparing twice is harmless)."""
    existing = LiveSession.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    try:
        return _prepare(actor, meeting)
    except IntegrityError:  # someone else prepared it at the same moment
        return LiveSession.objects.get(meeting=meeting)


@transaction.atomic
def _prepare(actor: User, meeting: Meeting) -> LiveSession:
    group = meeting.group
    require_circle(actor, LiveSession(meeting=meeting))
    if not reach(actor, group).can_lead:
        raise Refused(_("Only the facilitator prepares the meeting of this group."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise Refused(_("This meeting has been cancelled."))
    session = LiveSession.objects.create(
        meeting=meeting, method=_default_method(group), chair=next_chair(group) or actor)
    agenda.build(session)
    audit(events.PREPARED, actor, session, meeting=str(meeting.pk))
    return session


@transaction.atomic
def configure(actor: User, session: LiveSession, *, method: Method, mode: str, case_count: int,
              votes_per_member: int, hide_results: bool) -> LiveSession:
    session = locked(session)
    require_organiser(actor, session)
    if method.group_id not in (None, session.group.pk):
        raise Refused(_("Choose one of the methods of this group."))
    if mode not in Mode.values or case_count not in (1, 2) or not 1 <= votes_per_member <= 5:
        raise Refused(_("Choose a mode, one or two cases, and one to five votes per member."))
    started = session.status != SessionStatus.PREPARED
    agenda_changes = method.pk != session.method_id or case_count != session.case_count or mode != session.mode
    if started and agenda_changes:
        raise Refused(_("The method, mode and number of cases cannot change once the meeting has started."))
    rebuild_all = mode != session.mode
    session.method, session.mode, session.case_count = method, mode, case_count
    session.votes_per_member, session.hide_results = votes_per_member, hide_results
    session.save()
    if rebuild_all:
        agenda.build(session)
        if mode == Mode.WRITTEN:
            _default_deadlines(session)
    elif agenda_changes:
        agenda.replace_phases(session)
    audit(events.CONFIGURED, actor, session, method=str(method.pk), mode=mode, cases=case_count,
          votes=votes_per_member, hidden=hide_results)
    changed(session)
    return session


def _default_deadlines(session: LiveSession) -> None:
    """Written mode: one day per phase, starting at the meeting's start."""
    start: datetime = session.meeting.starts_at
    for i, block in enumerate(session.blocks.order_by("order")):
        Block.objects.filter(pk=block.pk).update(
            opens_at=start + timedelta(days=i), deadline=start + timedelta(days=i + 1))


@transaction.atomic
def assign_roles(actor: User, session: LiveSession, *, chair: User | None, note_taker: User | None,
                 timekeeper: User | None) -> LiveSession:
    session = locked(session)
    require_organiser(actor, session)
    for person in (chair, note_taker, timekeeper):
        if person is not None and not reach(person, session.group).in_circle:
            raise Refused(_("Roles go to people in this group."))
    if chair is None:
        raise Refused(_("The meeting needs a chair."))
    session.chair, session.note_taker, session.timekeeper = chair, note_taker, timekeeper
    session.save(update_fields=["chair", "note_taker", "timekeeper", "updated_at"])
    audit(events.ROLES_ASSIGNED, actor, session, chair=str(chair.pk),
          note_taker=str(note_taker.pk) if note_taker else "", timekeeper=str(timekeeper.pk) if timekeeper else "")
    changed(session)
    return session


HAND_OVER_EVENTS = {True: events.CONTROLS_HANDED_OVER, False: events.CONTROLS_TAKEN_BACK}


@transaction.atomic
def hand_over_controls(actor: User, session: LiveSession, hand_over: bool = True) -> LiveSession:
    """The facilitator hands the chair's controls over to the chair (who then leads alone),
    or takes them back. Only the facilitator decides this, and never silently."""
    session = locked(session)
    require_circle(actor, session)
    if not queries.roles_in(actor, session).facilitator:
        raise Refused(_("Only the facilitator hands over the controls."))
    if session.chair_id == actor.pk:
        raise Refused(_("You chair this meeting yourself: make someone else the chair first."))
    if session.status == SessionStatus.FINISHED:
        raise Refused(_("The meeting has ended."))
    if session.controls_handed_over == hand_over:
        raise Refused(_("You have already handed over the controls.") if hand_over
                      else _("You already have the controls."))
    session.controls_handed_over = hand_over
    session.save(update_fields=["controls_handed_over", "updated_at"])
    audit(HAND_OVER_EVENTS[hand_over], actor, session, chair=str(session.chair_id or ""))
    changed(session)
    return session


def _agenda_open(session: LiveSession) -> None:
    if session.status == SessionStatus.FINISHED:
        raise Refused(_("The meeting has ended; its agenda stays as it ran."))


def _own_block(session: LiveSession, block: Block) -> Block:
    """The block as stored now, and only if it belongs to this meeting whose agenda is
    still open for changes."""
    _agenda_open(session)
    return stored_block(session, block)


@transaction.atomic
def move_block(actor: User, session: LiveSession, block: Block, step: int) -> None:
    """Move a block one place later (``step`` > 0) or earlier on the agenda."""
    session = locked(session)
    require_organiser(actor, session)
    block = _own_block(session, block)
    move_one(session.blocks.order_by("order"), block, step)
    audit(events.BLOCK_MOVED, actor, session, block=str(block.pk), step=step)
    changed(session)


@transaction.atomic
def set_skipped(actor: User, session: LiveSession, block: Block, skipped: bool) -> None:
    session = locked(session)
    require_organiser(actor, session)
    block = _own_block(session, block)
    if session.current_block_id == block.pk and skipped:
        raise Refused(_("This block is running now: use ‘Skip’ in the controls to move on."))
    Block.objects.filter(pk=block.pk).update(skipped=skipped)
    audit(events.BLOCK_SKIPPED if skipped else events.BLOCK_RESTORED, actor, session, block=str(block.pk))
    changed(session)


@transaction.atomic
def add_block(actor: User, session: LiveSession, *, title: str, minutes: int, kind: str = BlockKind.CUSTOM) -> Block:
    """Add a block at the end, or right after the current one during the meeting."""
    session = locked(session)
    require_organiser(actor, session)
    _agenda_open(session)
    title = clean_text(title, 160)
    if kind not in (BlockKind.CUSTOM, BlockKind.PAUSE) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise Refused(_("A block needs a title and 1 to 240 minutes."))
    if session.blocks.count() >= 80:
        raise Refused(_("The agenda is full."))
    current = session.current_block
    if current is not None:
        position = current.order + 1
        session.blocks.filter(order__gte=position).update(order=F("order") + 1)
    else:
        position = (session.blocks.aggregate(m=Max("order"))["m"] or 0) + 1
    block = Block.objects.create(session=session, kind=kind, title=title, minutes=minutes, order=position)
    audit(events.BLOCK_ADDED, actor, session, block=str(block.pk), title=title)
    changed(session)
    return block


@transaction.atomic
def edit_block(actor: User, session: LiveSession, block: Block, *, title: str, minutes: int,
               deadline: datetime | None = None) -> None:
    session = locked(session)
    require_organiser(actor, session)
    block = _own_block(session, block)
    title = title.strip() if isinstance(title, str) else ""
    if len(title) > 160 or not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
        raise Refused(_("A block needs a title of at most 160 characters and 1 to 240 minutes."))
    fields: dict[str, object] = {"minutes": minutes}
    if title and title != block.display_title():
        # A title of one's own is shown as written, in every language.
        block.drop_translation("title")
        fields.update(title=title, translations=block.translations)
    if session.mode == Mode.WRITTEN and deadline is not None:
        if block.opens_at and deadline <= block.opens_at:
            raise Refused(_("The deadline must be after the phase opens."))
        fields["deadline"] = deadline
    Block.objects.filter(pk=block.pk).update(**fields)
    audit(events.BLOCK_EDITED, actor, session, block=str(block.pk), minutes=minutes,
          title=fields.get("title", ""))
    changed(session)


@transaction.atomic
def remove_block(actor: User, session: LiveSession, block: Block) -> None:
    session = locked(session)
    require_organiser(actor, session)
    block = _own_block(session, block)
    if block.started_at is not None or block.entries.exists():
        raise Refused(_("This block has already run or has notes: skip it instead."))
    Block.objects.filter(pk=block.pk).delete()
    audit(events.BLOCK_REMOVED, actor, session, title=block.display_title())
    changed(session)


@transaction.atomic
def set_agreements(actor: User, group: IntervisionGroup, text: str) -> GroupAgreements:
    if not reach(actor, group).can_lead:
        raise Refused(_("Only the facilitator can change the group's agreements."))
    text = clean_text(text, 5000)
    agreements, _created = GroupAgreements.objects.update_or_create(
        group=group, defaults={"text": text, "updated_by": actor})
    audit(events.AGREEMENTS_SET, actor, agreements, length=len(text))
    return agreements
