"""Background work of the live meeting: the written mode's deadlines."""
from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kring.core.errors import Refused
from kring.live.actions import flow, vote
from kring.live.models import BlockKind, LiveSession, Mode, SessionStatus
from kring.live.written import schedule_deadline


@task()
def close_written_phase(session_id: str, block_id: str) -> str:
    """A written phase's deadline passed: open the next phase, unless things changed."""
    session = LiveSession.objects.filter(pk=session_id).select_related("current_block").first()
    if session is None or session.mode != Mode.WRITTEN or session.status != SessionStatus.RUNNING:
        return "not running"
    block = session.current_block
    if block is None or str(block.pk) != block_id:
        return "moved on"
    if block.deadline is not None and block.deadline > timezone.now():
        schedule_deadline(session_id, block_id, block.deadline)  # the deadline was moved later
        return "rescheduled"
    if block.kind == BlockKind.VOTE and not vote.close_at_deadline(session):
        return "held"  # no case chosen: the chair decides (and has been mailed)
    try:
        flow.control(None, session, "next", deadline_passed=True)
    except Refused:
        return "refused"
    return "advanced"
