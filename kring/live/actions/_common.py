"""Shared by the live actions: lock the session row, check who acts, bump the version."""
from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from kring.accounts.models import Person
from kring.core.errors import Refused
from kring.groups.roles import reach
from kring.live import broadcast, queries
from kring.live.models import Block, LiveSession

MAX_TEXT = 4000


def locked(session: LiveSession) -> LiveSession:
    """The session row, locked for the rest of the transaction: one change at a time."""
    return LiveSession.objects.select_for_update(of=("self",)).select_related("meeting__group", "current_block", "method") \
        .get(pk=session.pk)


def require_circle(actor: Person | None, session: LiveSession) -> None:
    if not reach(actor, session.group).in_circle:
        raise Refused(_("Only the members of this group take part in its meeting."))


def require_chair(actor: Person | None, session: LiveSession) -> None:
    if not queries.roles_in(actor, session).can_control:
        raise Refused(_("Only the chair leads the meeting."))


def require_organiser(actor: Person | None, session: LiveSession) -> None:
    if not queries.roles_in(actor, session).can_organise:
        raise Refused(_("Only the facilitator or the chair can change the meeting's set-up."))


def stored_block(session: LiveSession, block: Block) -> Block:
    """The block as stored now (the caller's copy may be stale), if it is one of this meeting."""
    fresh = session.blocks.filter(pk=block.pk).first()
    if fresh is None:
        raise Refused(_("This block is not part of this meeting."))
    return fresh


def bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    session.refresh_from_db(fields=["version"])


def changed(session: LiveSession) -> None:
    bump(session)
    broadcast.state_changed(session)


def written(session: LiveSession) -> None:
    bump(session)
    broadcast.content_changed(session)


def clean_text(text: object, limit: int = MAX_TEXT) -> str:
    if not isinstance(text, str):
        raise Refused(_("Write your text in the field."))
    text = text.replace("\x00", "").strip()
    if not text:
        raise Refused(_("Write something first."))
    if len(text) > limit:
        raise Refused(_("Keep it under %(n)d characters (now %(m)d).") % {"n": limit, "m": len(text)})
    return text
