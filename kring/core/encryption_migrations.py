"""Migrations that turn plain text columns into encrypted ones, and back.

Each app's migration runs, per model: (1) ``AlterField`` to a plain ``TextField`` where the
column was a short ``CharField`` (a token is longer than the text), (2) ``encrypt_columns``
(rows sealed in batches; reversed, opened again), (3) ``AlterField`` to
``EncryptedTextField`` (no change in the database). Reversed, the same steps run backwards,
so an encrypted database migrates back to plain text with its key."""
from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.migrations.state import StateApps

from kring.core import crypto

BATCH = 500


def _convert(apps: StateApps, app_label: str, model_name: str, fields: list[str], seal: bool) -> None:
    # The historical model still has plain TextFields here: values are read and written as stored.
    model = apps.get_model(app_label, model_name)
    last_pk: Any = None
    while True:
        rows = model._default_manager.order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows.values("pk", *fields)[:BATCH])
        if not batch:
            return
        for row in batch:
            changes: dict[str, str] = {}
            for name in fields:
                value = row[name] or ""
                if seal and value and not crypto.is_encrypted(value):
                    changes[name] = crypto.encrypt(value)
                elif not seal and value and crypto.is_encrypted(value):
                    changes[name] = crypto.decrypt(value)
            if changes:
                model._default_manager.filter(pk=row["pk"]).update(**changes)
        last_pk = batch[-1]["pk"]


def encrypt_columns(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """A reversible data migration: seal ``fields`` of every row of a model (open them when reversed)."""

    def forwards(apps: StateApps, schema_editor: Any) -> None:
        _convert(apps, app_label, model_name, list(fields), seal=True)

    def backwards(apps: StateApps, schema_editor: Any) -> None:
        _convert(apps, app_label, model_name, list(fields), seal=False)

    return migrations.RunPython(forwards, backwards, elidable=False)
