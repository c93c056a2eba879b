"""Asynchronous (written) mode: the method's phases each open for a while and close at a
deadline. When a phase opens, the circle gets a mail; when its deadline passes, a task
moves the meeting on (re-checking everything when it runs: the chair may have moved on
already, or moved the deadline)."""
from __future__ import annotations

from datetime import datetime

from kring.core.tasks import enqueue_after_commit
from kring.live import notifications
from kring.live.models import Block, LiveSession


def phase_opened(session: LiveSession, block: Block) -> None:
    """Inside the transaction that opened the block: mail everyone, schedule the deadline."""
    notifications.phase_opened(session, block)
    if block.deadline is not None:
        schedule_deadline(str(session.pk), str(block.pk), block.deadline)


def schedule_deadline(session_id: str, block_id: str, deadline: datetime) -> None:
    """Close the phase at its deadline (the task is enqueued once the transaction commits)."""
    enqueue_after_commit("kring.live.tasks.close_written_phase", session_id, block_id, run_after=deadline)
