"""What people write during the meeting: notes per block (note-taker and chair; everyone
in written mode), advice items, the case bringer's learning points and intended action,
everyone's yield, and confirming the safety agreements."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.live import queries
from kring.live.actions._common import clean_text, locked, require_circle, written
from kring.live.models import (
    AgreementConfirmation, Block, ChosenCase, Contribution, Entry, LiveSession, Mode, SessionStatus, YieldEntry,
)
from kring.methods.models import Collects


def _writable(session: LiveSession, block: Block) -> Block:
    """The block as stored now (the caller's copy may be stale)."""
    fresh = session.blocks.filter(pk=block.pk).first()
    if fresh is None:
        raise Refused(_("This block is not part of this meeting."))
    if session.status == SessionStatus.PREPARED or fresh.started_at is None:
        raise Refused(_("This block has not started yet."))
    return fresh


@transaction.atomic
def add_note(actor: Any, session: LiveSession, block: Block, text: str) -> Entry:
    session = locked(session)
    require_circle(actor, session)
    text = clean_text(text)
    block = _writable(session, block)
    allowed = actor.pk in (session.note_taker_id, session.chair_id) or session.mode == Mode.WRITTEN
    if not allowed:
        raise Refused(_("The note-taker writes the notes."))
    entry = Entry.objects.create(session=session, block=block, chosen=queries.chosen_for_block(session, block),
                                 kind=Contribution.NOTE, author=actor, text=text)
    audit("kring.live.note_added", actor, entry, block=str(block.pk))
    written(session)
    return entry


@transaction.atomic
def add_advice(actor: Any, session: LiveSession, block: Block, text: str) -> Entry:
    session = locked(session)
    require_circle(actor, session)
    text = clean_text(text)
    block = _writable(session, block)
    chosen = queries.chosen_for_block(session, block)
    if block.collects != Collects.ADVICE or chosen is None:
        raise Refused(_("Advice is given in the advice phase of a chosen case."))
    if chosen.bringer_id == actor.pk:
        raise Refused(_("As the case bringer you listen to the advice now."))
    entry = Entry.objects.create(session=session, block=block, chosen=chosen, kind=Contribution.ADVICE,
                                 author=actor, text=text)
    audit("kring.live.advice_added", actor, entry, block=str(block.pk))
    written(session)
    return entry


def _own_case(actor: Any, session: LiveSession, chosen: ChosenCase) -> None:
    if chosen.session_id != session.pk or chosen.bringer_id != actor.pk:
        raise Refused(_("Only the case bringer writes the learning points of their case."))


@transaction.atomic
def add_learning_point(actor: Any, session: LiveSession, chosen: ChosenCase, text: str,
                       block: Block | None = None) -> Entry:
    session = locked(session)
    require_circle(actor, session)
    _own_case(actor, session, chosen)
    text = clean_text(text)
    if session.status == SessionStatus.PREPARED:
        raise Refused(_("The meeting has not started yet."))
    entry = Entry.objects.create(session=session, block=block or session.current_block, chosen=chosen,
                                 kind=Contribution.LEARNING, author=actor, text=text)
    audit("kring.live.learning_point_added", actor, entry)
    written(session)
    return entry


@transaction.atomic
def set_intended_action(actor: Any, session: LiveSession, chosen: ChosenCase, text: str) -> None:
    session = locked(session)
    require_circle(actor, session)
    _own_case(actor, session, chosen)
    text = clean_text(text)
    ChosenCase.objects.filter(pk=chosen.pk).update(intended_action=text)
    audit("kring.live.intended_action_set", actor, chosen)
    written(session)


@transaction.atomic
def set_yield(actor: Any, session: LiveSession, text: str) -> YieldEntry:
    session = locked(session)
    require_circle(actor, session)
    text = clean_text(text)
    if session.status == SessionStatus.PREPARED:
        raise Refused(_("The meeting has not started yet."))
    entry, _created = YieldEntry.objects.update_or_create(session=session, person=actor, defaults={"text": text})
    audit("kring.live.yield_set", actor, entry)
    written(session)
    return entry


@transaction.atomic
def confirm_agreements(actor: Any, session: LiveSession) -> None:
    session = locked(session)
    require_circle(actor, session)
    _confirmation, created = AgreementConfirmation.objects.get_or_create(session=session, person=actor)
    if created:
        audit("kring.live.agreements_confirmed", actor, session)
        written(session)
