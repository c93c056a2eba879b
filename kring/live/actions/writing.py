"""What people write during the meeting: notes per block (note-taker and chair; everyone
in written mode), advice items, the case bringer's learning points and intended action,
everyone's yield, and confirming the safety agreements."""
from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.live import events, queries
from kring.live.actions._common import clean_text, locked, require_circle, stored_block, written
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
    """The block as stored now, once it has started."""
    fresh = stored_block(session, block)
    if session.status == SessionStatus.PREPARED or fresh.started_at is None:
        raise Refused(_("This block has not started yet."))
    return fresh


@transaction.atomic
def add_note(actor: User, session: LiveSession, block: Block, text: str) -> Entry:
    session = locked(session)
    require_circle(actor, session)
    text = clean_text(text)
    block = _writable(session, block)
    allowed = queries.roles_in(actor, session).can_take_notes or session.mode == Mode.WRITTEN
    if not allowed:
        raise Refused(_("The note-taker writes the notes."))
    entry = Entry.objects.create(session=session, block=block, chosen=queries.chosen_for_block(session, block),
                                 kind=Contribution.NOTE, author=actor, text=text)
    audit(events.NOTE_ADDED, actor, entry, block=str(block.pk))
    written(session)
    return entry


@transaction.atomic
def add_advice(actor: User, session: LiveSession, block: Block, text: str) -> Entry:
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
    audit(events.ADVICE_ADDED, actor, entry, block=str(block.pk))
    written(session)
    return entry


def _own_case(actor: User, session: LiveSession, chosen: ChosenCase) -> None:
    if chosen.session_id != session.pk or chosen.bringer_id != actor.pk:
        raise Refused(_("Only the case bringer writes the learning points of their case."))


@transaction.atomic
def add_learning_point(actor: User, session: LiveSession, chosen: ChosenCase, text: str,
                       block: Block | None = None) -> Entry:
    session = locked(session)
    require_circle(actor, session)
    _own_case(actor, session, chosen)
    text = clean_text(text)
    if session.status == SessionStatus.PREPARED:
        raise Refused(_("The meeting has not started yet."))
    entry = Entry.objects.create(session=session, block=block or session.current_block, chosen=chosen,
                                 kind=Contribution.LEARNING, author=actor, text=text)
    audit(events.LEARNING_POINT_ADDED, actor, entry)
    written(session)
    return entry


@transaction.atomic
def set_intended_action(actor: User, session: LiveSession, chosen: ChosenCase, text: str) -> None:
    session = locked(session)
    require_circle(actor, session)
    _own_case(actor, session, chosen)
    text = clean_text(text)
    ChosenCase.objects.filter(pk=chosen.pk).update(intended_action=text)
    audit(events.INTENDED_ACTION_SET, actor, chosen)
    written(session)


@transaction.atomic
def set_yield(actor: User, session: LiveSession, text: str) -> YieldEntry:
    session = locked(session)
    require_circle(actor, session)
    text = clean_text(text)
    if session.status == SessionStatus.PREPARED:
        raise Refused(_("The meeting has not started yet."))
    entry, _created = YieldEntry.objects.update_or_create(session=session, person=actor, defaults={"text": text})
    audit(events.YIELD_SET, actor, entry)
    written(session)
    return entry


@transaction.atomic
def confirm_agreements(actor: User, session: LiveSession) -> None:
    session = locked(session)
    require_circle(actor, session)
    _confirmation, created = AgreementConfirmation.objects.get_or_create(session=session, person=actor)
    if created:
        audit(events.AGREEMENTS_CONFIRMED, actor, session)
        written(session)


# --- Changing what was written, while the meeting runs --------------------------------
# Only the author edits their note, advice item, learning point or yield; the author or
# the chair removes one (the chair: something that should not stay in the record).

def _item(session: LiveSession, item_id: UUID | str) -> Entry | YieldEntry:
    """An entry or a yield of this meeting (ids are UUIDs: they never collide)."""
    try:
        found = session.entries.filter(pk=item_id).first() or session.yields.filter(pk=item_id).first()
    except (ValidationError, ValueError):
        found = None
    if found is None:
        raise Refused(_("This contribution is not part of this meeting."))
    return found


def _author_id(item: Entry | YieldEntry) -> UUID:
    return item.author_id if isinstance(item, Entry) else item.person_id


def _kind(item: Entry | YieldEntry) -> str:
    return item.kind if isinstance(item, Entry) else "yield"


def _while_running(session: LiveSession) -> None:
    if session.status != SessionStatus.RUNNING:
        raise Refused(_("What was written can only be changed while the meeting runs."))


@transaction.atomic
def edit_item(actor: User, session: LiveSession, item_id: UUID | str, text: str) -> Entry | YieldEntry:
    session = locked(session)
    require_circle(actor, session)
    _while_running(session)
    item = _item(session, item_id)
    if _author_id(item) != actor.pk:
        raise Refused(_("Only the person who wrote it can change it."))
    text = clean_text(text)
    type(item).objects.filter(pk=item.pk).update(text=text)
    item.text = text
    audit(events.CONTRIBUTION_EDITED, actor, item, kind=_kind(item))
    written(session)
    return item


@transaction.atomic
def remove_item(actor: User, session: LiveSession, item_id: UUID | str) -> None:
    session = locked(session)
    require_circle(actor, session)
    _while_running(session)
    item = _item(session, item_id)
    own = _author_id(item) == actor.pk
    if not (own or queries.roles_in(actor, session).can_control):
        raise Refused(_("Only the person who wrote it, or the chair, can remove it."))
    type(item).objects.filter(pk=item.pk).delete()
    audit(events.CONTRIBUTION_REMOVED, actor, session, kind=_kind(item), item=str(item.pk),
          author=str(_author_id(item)), by_chair=not own)
    written(session)
