"""What people write during the meeting: notes per block (note-taker and chair; everyone
in written mode), advice items, the case bringer's learning points and intended action,
everyone's yield, and confirming the safety agreements."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.live import queries
from kring.live.actions._common import clean_text, locked, require_circle, written
from kring.live.models import (
    AgreementConfirmation,
    Block,
    ChosenCase,
    Contribution,
    Entry,
    LiveSession,
    Mode,
    SessionStatus,
    YieldEntry,
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
    allowed = queries.roles_in(actor, session).can_take_notes or session.mode == Mode.WRITTEN
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


# --- Changing what was written, while the meeting runs --------------------------------
# Only the author edits their note, advice item, learning point or yield; the author or
# the chair removes one (the chair: something that should not stay in the record).

def _item(session: LiveSession, item_id: Any) -> Entry | YieldEntry:
    """An entry or a yield of this meeting (ids are UUIDs: they never collide)."""
    try:
        found = session.entries.filter(pk=item_id).first() or session.yields.filter(pk=item_id).first()
    except (ValidationError, ValueError):
        found = None
    if found is None:
        raise Refused(_("This contribution is not part of this meeting."))
    return found


def _author_id(item: Entry | YieldEntry) -> Any:
    return item.author_id if isinstance(item, Entry) else item.person_id


def _kind(item: Entry | YieldEntry) -> str:
    return item.kind if isinstance(item, Entry) else "yield"


def _while_running(session: LiveSession) -> None:
    if session.status != SessionStatus.RUNNING:
        raise Refused(_("What was written can only be changed while the meeting runs."))


@transaction.atomic
def edit_item(actor: Any, session: LiveSession, item_id: Any, text: str) -> Entry | YieldEntry:
    session = locked(session)
    require_circle(actor, session)
    _while_running(session)
    item = _item(session, item_id)
    if _author_id(item) != actor.pk:
        raise Refused(_("Only the person who wrote it can change it."))
    text = clean_text(text)
    type(item).objects.filter(pk=item.pk).update(text=text)
    item.text = text
    audit("kring.live.contribution_edited", actor, item, kind=_kind(item))
    written(session)
    return item


@transaction.atomic
def remove_item(actor: Any, session: LiveSession, item_id: Any) -> None:
    session = locked(session)
    require_circle(actor, session)
    _while_running(session)
    item = _item(session, item_id)
    own = _author_id(item) == actor.pk
    if not (own or queries.roles_in(actor, session).can_control):
        raise Refused(_("Only the person who wrote it, or the chair, can remove it."))
    type(item).objects.filter(pk=item.pk).delete()
    audit("kring.live.contribution_removed", actor, session, kind=_kind(item), item=str(item.pk),
          author=str(_author_id(item)), by_chair=not own)
    written(session)
