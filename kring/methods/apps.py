from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_catalogue(sender: AppConfig, **kwargs: Any) -> None:
    # After every migrate (also of a fresh test database): the catalogue is part of
    # setup, and loading is idempotent and version-checked.
    from kring.methods.catalogue import load_catalogue

    if kwargs.get("using", "default") == "default":
        load_catalogue()


class MethodsConfig(AppConfig):
    name = "kring.methods"
    label = "methods"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="kring.methods.catalogue")
