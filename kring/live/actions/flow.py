"""The chair's controls and the clock. Every change is one locked transaction that
stores the new clock state, bumps the version and tells the clients after commit."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.cases.actions import record_live_outcome
from kring.cases.models import CaseStatus
from kring.core.errors import Refused
from kring.live import broadcast, events, queries
from kring.live.actions._common import changed, locked, require_chair, require_circle
from kring.live.actions.vote import unsettled
from kring.live.models import Block, BlockKind, LiveSession, Mode, Presence, SessionStatus
from kring.live.written import phase_opened
from kring.meetings.actions import record_held_live

# The chair's controls (from the page or the socket), each with the event it leaves.
CONTROLS = {
    "start": events.STARTED,
    "pause": events.PAUSED,
    "resume": events.RESUMED,
    "extend": events.EXTENDED,
    "next": events.ADVANCED,
    "back": events.MOVED_BACK,
    "skip": events.SKIPPED_AHEAD,
    "goto": events.MOVED_TO_BLOCK,
    "finish": events.FINISHED,
    "without_case": events.WENT_ON_WITHOUT_CASE,
}


def _close_pause(session: LiveSession, now: datetime) -> None:
    if session.paused_at is not None:
        seconds = max(0, int((now - session.paused_at).total_seconds()))
        session.block_paused_seconds += seconds
        session.pause_seconds += seconds
        session.paused_at = None


def _end_block(session: LiveSession, now: datetime) -> None:
    _close_pause(session, now)
    block = session.current_block
    if block is None:
        return
    block.ended_at = now
    block.save(update_fields=["ended_at", "updated_at"])
    if block.kind == BlockKind.PAUSE and session.block_started_at is not None:
        # A break block counts as pause time, minus any timer pause already counted in it.
        ran = int((now - session.block_started_at).total_seconds()) - session.block_paused_seconds
        session.pause_seconds += max(0, ran)


def _open_block(session: LiveSession, block: Block | None, now: datetime) -> None:
    session.current_block = block
    session.block_started_at = now if block else None
    session.block_extra_seconds = 0
    session.block_paused_seconds = 0
    session.paused_at = None
    if block is not None:
        block.ended_at = None
        if block.started_at is None:
            block.started_at = now
        block.save(update_fields=["started_at", "ended_at", "updated_at"])
        if session.mode == Mode.WRITTEN:
            phase_opened(session, block)


def _neighbour(session: LiveSession, step: int) -> Block | None:
    blocks = session.blocks.filter(skipped=False)
    current = session.current_block
    if current is None:
        return blocks.order_by("order").first() if step > 0 else None
    if step > 0:
        return blocks.filter(order__gt=current.order).order_by("order").first()
    return blocks.filter(order__lt=current.order).order_by("-order").first()


def _finish(session: LiveSession, now: datetime) -> None:
    _end_block(session, now)
    _open_block(session, None, now)
    session.status = SessionStatus.FINISHED
    session.ended_at = now
    for chosen in session.chosen.select_related("case"):
        record_live_outcome(chosen.case, CaseStatus.TREATED)
    record_held_live(session.meeting)


def _vote_block(session: LiveSession) -> Block | None:
    return session.blocks.filter(kind=BlockKind.VOTE, skipped=False).order_by("order").first()


def _hold_at_vote(session: LiveSession, target: Block | None) -> None:
    """Going past the case vote needs a chosen case, or the chair's explicit ‘go on
    without a case’: else the method's phases would run with nobody able to give advice
    or write learning points, and nobody would have been told."""
    vote = _vote_block(session)
    if vote is None or not unsettled(session):
        return
    here = session.current_block.order if session.current_block is not None else -1
    there = target.order if target is not None else None  # None: past the end of the agenda
    if here > vote.order or (there is not None and there <= vote.order):
        return  # already past the vote, or not going past it
    if session.vote_closed:
        raise Refused(_("The vote is tied and no case has been chosen yet. Choose one of the tied cases, "
                        "or choose ‘Go on without a case’."))
    raise Refused(_("The case vote is still open. Close the vote so that a case is chosen, "
                    "or choose ‘Go on without a case’."))


def _go_on_without_case(session: LiveSession) -> None:
    """Close the vote as it stands and skip the method's phases of every case not chosen."""
    if session.current_block is None or session.current_block.kind != BlockKind.VOTE:
        raise Refused(_("This is done in the case vote."))
    if not unsettled(session):
        raise Refused(_("The vote has been settled already."))
    session.vote_closed, session.tied_case_ids = True, []
    session.blocks.filter(kind=BlockKind.PHASE, case_slot__gt=session.chosen.count()).update(skipped=True)


@transaction.atomic
def control(actor: User | None, session: LiveSession, action: str, *, minutes: object = None, block_id: object = None,
            deadline_passed: bool = False) -> LiveSession:
    """Apply one of the chair's controls. ``deadline_passed`` is the written mode's task
    moving on by itself when a phase's deadline passes (actor None)."""
    session = locked(session)
    if not deadline_passed:
        require_circle(actor, session)
        require_chair(actor, session)
    if action not in CONTROLS:
        raise Refused(_("Unknown control."))
    now = timezone.now()
    running = session.status == SessionStatus.RUNNING
    if action == "start":
        if session.status != SessionStatus.PREPARED:
            raise Refused(_("The meeting has already started."))
        first = _neighbour(session, 1)
        if first is None:
            raise Refused(_("The agenda is empty."))
        session.status, session.started_at = SessionStatus.RUNNING, now
        _open_block(session, first, now)
    elif not running:
        raise Refused(_("The meeting is not running."))
    elif action == "pause":
        if session.paused_at is None:
            session.paused_at = now
    elif action == "resume":
        _close_pause(session, now)
    elif action == "extend":
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 60:
            raise Refused(_("Extend by 1 to 60 minutes."))
        session.block_extra_seconds += minutes * 60
    elif action in ("next", "skip", "without_case"):
        if action == "without_case":
            _go_on_without_case(session)
        else:
            _hold_at_vote(session, _neighbour(session, 1))
        if action == "skip" and session.current_block is not None:
            Block.objects.filter(pk=session.current_block.pk).update(skipped=True)
        following = _neighbour(session, 1)
        _end_block(session, now)
        if following is None:
            _finish(session, now)
        else:
            _open_block(session, following, now)
    elif action == "back":
        previous = _neighbour(session, -1)
        if previous is None:
            raise Refused(_("This is the first block."))
        _end_block(session, now)
        _open_block(session, previous, now)
    elif action == "goto":
        target = queries.find_block(session, block_id) if block_id else None
        if target is None or target.skipped:
            raise Refused(_("Choose a block on the agenda."))
        _hold_at_vote(session, target)
        _end_block(session, now)
        _open_block(session, target, now)
    elif action == "finish":
        _finish(session, now)
    session.save()
    audit(CONTROLS[action], actor, session, block=str(session.current_block_id or ""), minutes=minutes)
    changed(session)
    return session


def _online_names(session: LiveSession) -> list[str]:
    now = timezone.now()
    return [p.person.name for p in session.presences.select_related("person").order_by("person__name")
            if p.online(now)]


@transaction.atomic
def join(person: User, session: LiveSession) -> None:
    """A socket of this person opened. The first join is audited (it is the attendance
    record); reconnects only count."""
    require_circle(person, session)
    presence, created = Presence.objects.get_or_create(session=session, person=person)
    Presence.objects.filter(pk=presence.pk).update(connections=F("connections") + 1, last_seen=timezone.now())
    if created:
        audit(events.JOINED, person, session)
    broadcast.presence_changed(session, _online_names(session))


@transaction.atomic
def leave(person: User, session: LiveSession) -> None:
    Presence.objects.filter(session=session, person=person, connections__gt=0).update(
        connections=F("connections") - 1)
    broadcast.presence_changed(session, _online_names(session))


def heartbeat(person: User, session: LiveSession) -> None:
    Presence.objects.filter(session=session, person=person).update(last_seen=timezone.now())
