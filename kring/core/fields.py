"""A text field stored encrypted (``kring.core.crypto``): the row holds a ``kr1:`` token,
the model attribute holds the plain text.

The database never sees the plain text, so it cannot compare, search or sort it: every
lookup except ``isnull`` is refused (a ``FieldError`` when the query is built, instead of a
filter that silently never matches), and ``check`` refuses a model whose ``Meta.ordering``
names such a field. An empty value is stored empty (it says only that nothing was written,
which the form shows anyway). A stored value that does not decrypt raises
``DataKeyError`` naming the key id it needs: never empty text in its place."""
from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from kring.core import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None or value == "":
            return value
        # Always sealed, even text that looks like a token: what a person typed is never
        # stored as if it were ciphertext (it would fail to decrypt and break the page).
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None  # Django then raises FieldError: "Unsupported lookup … for EncryptedTextField"

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        model = getattr(self, "model", None)
        if model is not None and not model._meta.abstract:
            names = {str(o).lstrip("-?").split("__")[0] for o in model._meta.ordering if isinstance(o, str)}
            if self.name in names:
                errors.append(checks.Error(
                    f"{model._meta.label}.{self.name} is encrypted: the database cannot order by it.",
                    obj=self, id="kring.E001",
                ))
        return errors


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted field of every installed model (for the rotation command, the docs test)."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
