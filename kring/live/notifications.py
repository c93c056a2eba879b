"""Mail the live area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.live.models import Block, LiveSession
from kring.mail.actions import queue_mail


def phase_opened(session: LiveSession, block: Block) -> None:
    """Written mode: a phase opened; everyone in the group may write in it now."""
    group = session.group
    for membership in group.memberships.select_related("person"):
        person = membership.person
        queue_mail(
            "kring.live.phase_opened", person, "live/phase_opened",
            {"session": session, "block": block, "group": group},
            dedupe_key=f"live-phase-opened:{block.pk}:{person.pk}", about=session,
        )
