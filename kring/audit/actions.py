"""The only way rows enter the audit trail and the access log."""
from __future__ import annotations

from typing import Any

from django.db import models

from kring.audit.models import AccessEntry, AuditEntry


def _describe(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def audit(name: str, actor: Any, obj: models.Model | None = None, /, **data: Any) -> AuditEntry:
    """Record one write. Call it inside the action's transaction, so the entry exists if
    and only if the change does."""
    object_type, object_id = _describe(obj)
    return AuditEntry.objects.create(
        name=name,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=object_type,
        object_id=object_id,
        data=data,
    )


def log_access(
    event: str, reader: Any, obj: models.Model | None = None, subject: Any = None, on_behalf_of: str = ""
) -> AccessEntry:
    """Record one read of confidential data (NEN 7513 style)."""
    object_type, object_id = _describe(obj)
    return AccessEntry.objects.create(
        event=event,
        reader=reader if getattr(reader, "is_authenticated", False) else None,
        subject=subject,
        on_behalf_of=on_behalf_of,
        object_type=object_type,
        object_id=object_id,
    )
