"""What the trail keeps of a person who is erased: not their key (the account goes) but a
pseudonym, so that entries of one actor can still be told apart from another's."""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings

from kring.audit.models import AccessEntry, AuditEntry


def pseudonym(person_id: Any) -> str:
    """A keyed hash of the person's id: stable, not reversible without the secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"erased:{person_id}".encode(), hashlib.sha256)
    return "erased-" + digest.hexdigest()[:16]


def pseudonymise_actor(person_id: Any) -> str:
    """Detach the trail from a person about to be erased: actor, reader and subject become
    NULL. Where a row has a column for it (``actor_pseudonym``, added with the hash chain),
    the pseudonym is stored there; returns the pseudonym."""
    alias = pseudonym(person_id)
    for model, column in ((AuditEntry, "actor"), (AccessEntry, "reader"), (AccessEntry, "subject")):
        changes: dict[str, Any] = {column: None}
        if any(f.name == f"{column}_pseudonym" for f in model._meta.get_fields()):
            changes[f"{column}_pseudonym"] = alias
        model.objects.filter(**{f"{column}_id": person_id}).update(**changes)
    return alias
