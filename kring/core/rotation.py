"""Re-encrypting stored values with the current data key (``manage.py rotate_data_key``)."""
from __future__ import annotations

from collections.abc import Iterator

from django.db import models, transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from kring.core import crypto
from kring.core.fields import EncryptedTextField, encrypted_fields


def _stale(model: type[models.Model], field: EncryptedTextField) -> models.QuerySet[models.Model]:
    """Rows whose value is sealed with another key than the current one. The stored token
    is read raw (cast to plain text), so the database can compare its key id prefix."""
    current = f"{crypto.PREFIX}:{crypto.current_key_id()}:"
    return (model._default_manager.annotate(_raw=Cast(F(field.name), TextField()))
            .exclude(**{f"{field.name}__isnull": True}).exclude(_raw="").exclude(_raw__startswith=current))


def rotate_field(model: type[models.Model], field: EncryptedTextField, batch: int = 500) -> int:
    done = 0
    while True:
        with transaction.atomic():
            rows = list(_stale(model, field).order_by("pk").values_list("pk", "_raw")[:batch])
            for pk, raw in rows:
                # Decrypt with whichever configured key sealed it; saving seals with the current one.
                model._default_manager.filter(pk=pk).update(**{field.name: crypto.decrypt(raw)})
        done += len(rows)
        if len(rows) < batch:
            return done


def rotate_all(batch: int = 500) -> Iterator[tuple[str, int]]:
    for model, field in encrypted_fields():
        yield f"{model._meta.label}.{field.name}", rotate_field(model, field, batch)
