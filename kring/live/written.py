"""Asynchronous (written) mode: the method's phases each open for a while and close at a
deadline. When a phase opens, the circle gets a mail; when its deadline passes, a task
moves the meeting on (re-checking everything when it runs: the chair may have moved on
already, or moved the deadline)."""
from __future__ import annotations

from typing import Any

from django.db import transaction

from kring.live.models import Block, LiveSession
from kring.mail.actions import queue_mail


def phase_opened(session: LiveSession, block: Block) -> None:
    """Inside the transaction that opened the block: mail everyone, schedule the deadline."""
    for membership in session.group.memberships.select_related("person"):
        person = membership.person
        queue_mail(
            "kring.live.phase_opened", person, "live/phase_opened",
            {"session": session, "block": block, "group": session.group},
            dedupe_key=f"live-phase-opened:{block.pk}:{person.pk}", about=session,
        )
    if block.deadline is not None:
        session_id, block_id, deadline = str(session.pk), str(block.pk), block.deadline
        transaction.on_commit(lambda: _schedule(session_id, block_id, deadline))


def _schedule(session_id: str, block_id: str, when: Any) -> None:
    from kring.live.tasks import close_written_phase

    close_written_phase.using(run_after=when).enqueue(session_id, block_id)
