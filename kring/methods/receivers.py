"""How the methods area answers Django's signals (connected in MethodsConfig.ready)."""
from __future__ import annotations

from typing import Any

from django.apps import AppConfig

from kring.methods.catalogue import load_catalogue


def load_catalogue_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """After every migrate (also of a fresh test database): the catalogue is part of
    setup, and loading is idempotent and version-checked."""
    if kwargs.get("using", "default") == "default":
        load_catalogue()
