"""The only way rows enter the audit trail and the access log, and the only ways they
change: an erased person's keys cleared (`pseudonymise_actor`) and the oldest rows
purged after their retention (`purge_before`).

The audit area sits below accounts, so people are typed with Django's own user classes:
whoever acts (a signed-in person, an anonymous visitor, or nobody when a task acts)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, TypeAlias
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from kring.audit.chain import append, pseudonym
from kring.audit.context import current_origin
from kring.audit.models import AccessEntry, AuditEntry, Chained, ChainLock

# Whoever acts or reads: only a signed-in person is recorded by name.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"

# How far `log_access` follows an object to the group it belongs to (a case → its meeting
# → the group): the privacy officer of the group's organisation sees the read.
_TOWARDS_GROUP = ("meeting", "session", "report", "case")


def _describe(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def _group_of(obj: object, depth: int = 0) -> Any:
    if obj is None or depth > 3:
        return None
    if getattr(obj, "group_id", None) is not None:
        return obj.group_id  # type: ignore[attr-defined]
    for name in _TOWARDS_GROUP:
        if getattr(obj, f"{name}_id", None) is not None:
            return _group_of(getattr(obj, name), depth + 1)
    return None


def _signed_in_pk(person: Actor) -> Any:
    """The primary key of a signed-in person (else None). By key, not instance: the user
    model is whatever AUTH_USER_MODEL names, which this area does not import."""
    return person.pk if isinstance(person, AbstractBaseUser) and person.is_authenticated else None


def audit(name: str, actor: Actor, obj: models.Model | None = None, /, **data: object) -> AuditEntry:
    """Record one write. Call it inside the action's transaction, so the entry exists if
    and only if the change does."""
    object_type, object_id = _describe(obj)
    actor_pk = _signed_in_pk(actor)
    return append(AuditEntry(name=name, actor_id=actor_pk, actor_ref=pseudonym(actor_pk),
                             object_type=object_type, object_id=object_id, data=data))


def log_access(
    event: str, reader: Actor, obj: models.Model | None = None, subject: AbstractBaseUser | None = None,
    on_behalf_of: str = "", group: models.Model | None = None,
) -> AccessEntry:
    """Record one read of confidential data (NEN 7513 style): with the session and client
    address of the request, and the group the object belongs to (or ``group``)."""
    object_type, object_id = _describe(obj)
    reader_pk = _signed_in_pk(reader)
    subject_pk = subject.pk if subject is not None else None
    origin = current_origin()
    return append(AccessEntry(
        event=event, reader_id=reader_pk, reader_ref=pseudonym(reader_pk),
        subject_id=subject_pk, subject_ref=pseudonym(subject_pk), on_behalf_of=on_behalf_of,
        object_type=object_type, object_id=object_id,
        group_id=group.pk if group is not None else _group_of(obj),
        session_ref=origin.session_ref, client_address=origin.client_address,
    ))


def pseudonymise_actor(person_id: UUID) -> None:
    """Before a person is erased: clear every key to them in both logs. Their entries stay,
    chained under the pseudonymous ref, so the chain still verifies and the entries of one
    person can still be told apart from another's."""
    with transaction.atomic():
        AuditEntry.objects.filter(actor_id=person_id).clear_people(actor_id=None)
        AccessEntry.objects.filter(reader_id=person_id).clear_people(reader_id=None)
        AccessEntry.objects.filter(subject_id=person_id).clear_people(subject_id=None)


def purge_before(model: type[Chained], moment: datetime) -> int:
    """Remove the entries older than ``moment`` (retention); returns how many. Only the
    start of a chain can go, so what is kept still verifies."""
    with transaction.atomic():
        ChainLock.objects.select_for_update().get_or_create(pk=1)
        first_kept = model.objects.filter(at__gte=moment).exclude(seq=None).order_by("seq").values_list("seq", flat=True).first()
        if first_kept is None:
            last = model.objects.exclude(seq=None).order_by("-seq").values_list("seq", flat=True).first()
            if last is None:
                return 0
            # Keep the newest row so the next append still has a hash to follow.
            first_kept = last
        return model.objects.all().cut_before(first_kept)
