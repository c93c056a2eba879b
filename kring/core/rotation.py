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


def unreadable_keys() -> dict[str, set[str]]:
    """Per encrypted field, the ids of keys its stored values need that are not configured
    (a wrong or missing DATA_KEY): found before a page meets one."""
    configured = crypto.configured_key_ids()
    missing: dict[str, set[str]] = {}
    for model, field in encrypted_fields():
        rows = (model._default_manager.annotate(_raw=Cast(F(field.name), TextField()))
                .filter(_raw__startswith=f"{crypto.PREFIX}:"))  # plain text before the migrations: not ours to judge
        for kid in configured:
            rows = rows.exclude(_raw__startswith=f"{crypto.PREFIX}:{kid}:")
        raw = rows.values_list("_raw", flat=True).first()
        if raw is not None:
            missing.setdefault(f"{model._meta.label}.{field.name}", set()).add(raw.split(":")[1])
    return missing


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
