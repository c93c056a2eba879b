"""The only way rows enter the audit trail and the access log.

The audit area sits below accounts, so people are typed with Django's own user classes:
whoever acts (a signed-in person, an anonymous visitor, or nobody when a task acts)."""
from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from kring.audit.models import AccessEntry, AuditEntry

# Whoever acts or reads: only a signed-in person is recorded by name.
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"


def _describe(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def _signed_in_pk(person: Actor) -> Any:
    """The primary key of a signed-in person (else None). By key, not instance: the user
    model is whatever AUTH_USER_MODEL names, which this area does not import."""
    return person.pk if isinstance(person, AbstractBaseUser) and person.is_authenticated else None


def audit(name: str, actor: Actor, obj: models.Model | None = None, /, **data: object) -> AuditEntry:
    """Record one write. Call it inside the action's transaction, so the entry exists if
    and only if the change does."""
    object_type, object_id = _describe(obj)
    return AuditEntry.objects.create(
        name=name,
        actor_id=_signed_in_pk(actor),
        object_type=object_type,
        object_id=object_id,
        data=data,
    )


def log_access(
    event: str, reader: Actor, obj: models.Model | None = None, subject: AbstractBaseUser | None = None,
    on_behalf_of: str = "",
) -> AccessEntry:
    """Record one read of confidential data (NEN 7513 style)."""
    object_type, object_id = _describe(obj)
    return AccessEntry.objects.create(
        event=event,
        reader_id=_signed_in_pk(reader),
        subject_id=subject.pk if subject is not None else None,
        on_behalf_of=on_behalf_of,
        object_type=object_type,
        object_id=object_id,
    )
