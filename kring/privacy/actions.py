"""The privacy area's write path: erasure requests and their confirmation, and the purge."""
from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.core.tasks import enqueue_after_commit
from kring.groups.roles import is_staff
from kring.privacy import erasure, events, retention
from kring.privacy.models import ErasureRequest, ErasureStatus

log = logging.getLogger(__name__)


def request_erasure(actor: User) -> ErasureRequest:
    """The person asks to be erased; nothing goes until staff confirm."""
    if is_staff(actor):
        raise Refused(_("A staff account cannot be erased this way: ask another member of staff to remove it."))
    try:
        with transaction.atomic():
            req = ErasureRequest.objects.create(person=actor)
            audit(events.ERASURE_REQUESTED, actor, req)
    except IntegrityError:
        raise Refused(_("You have already asked for your data to be erased.")) from None
    return req


def withdraw_erasure(actor: User) -> None:
    with transaction.atomic():
        req = ErasureRequest.objects.filter(person=actor, status=ErasureStatus.REQUESTED).first()
        if req is None:
            raise Refused(_("There is no request to withdraw."))
        audit(events.ERASURE_WITHDRAWN, actor, req)
        req.delete()


def confirm_erasure(actor: User, request_id: str, confirm_email: str) -> dict[str, int]:
    """Staff carry out a request; they retype the person's address, so that a slip of the
    mouse never erases someone."""
    if not is_staff(actor):
        raise Refused(_("Only staff can confirm an erasure."))
    with transaction.atomic():
        req = (ErasureRequest.objects.select_for_update()
               .filter(pk=request_id, status=ErasureStatus.REQUESTED).first())
        if req is None or req.person is None:
            raise Refused(_("This request has already been handled."))
        if confirm_email.strip().lower() != req.person.email.lower():
            raise Refused(_("The address you typed is not the address of this person."))
        try:
            counts = erasure.erase_person(req.person)
        except ProtectedError:  # a relation without an erasure rule yet: nothing is changed
            log.exception("erasure refused by a protected relation")
            raise Refused(_("This person cannot be erased yet: some of their data has no erasure rule. "
                            "Nothing has been changed.")) from None
        req.refresh_from_db()  # the person is gone: SET_NULL has emptied the column
        req.status, req.done_at, req.confirmed_by = ErasureStatus.DONE, timezone.now(), actor
        req.save(update_fields=["status", "done_at", "confirmed_by", "updated_at"])
        audit(events.PERSON_ERASED, actor, req, **counts)
    return counts


def purge_expired(actor: User | None = None) -> dict[str, int]:
    """Purge everything past its retention period and log what went."""
    with transaction.atomic():
        counts = retention.purge_all()
        audit(events.DATA_PURGED, actor, None, **counts)
    log.info("retention purge: %s", counts)
    return counts


def schedule_next_purge() -> None:
    """The daily purge enqueues the next one (03:00 tomorrow, local time)."""
    tomorrow = timezone.localtime() + timedelta(days=1)
    enqueue_after_commit("kring.privacy.tasks.purge_daily",
                         run_after=tomorrow.replace(hour=3, minute=0, second=0, microsecond=0))
