"""Mail the live area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.accounts.models import User
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


def vote_held(session: LiveSession, leads: list[User]) -> None:
    """Written mode: the vote's deadline passed with no case chosen; whoever leads decides."""
    group = session.group
    for person in leads:
        queue_mail(
            "kring.live.vote_held", person, "live/vote_held",
            {"session": session, "group": group, "tied": bool(session.tied_case_ids)},
            dedupe_key=f"live-vote-held:{session.pk}:{person.pk}", about=session,
        )
