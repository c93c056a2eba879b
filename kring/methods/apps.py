from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MethodsConfig(AppConfig):
    name = "kring.methods"
    label = "methods"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.methods import receivers

        post_migrate.connect(receivers.load_catalogue_after_migrate, sender=self, dispatch_uid="kring.methods.catalogue")
