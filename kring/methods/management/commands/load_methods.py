from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kring.methods.catalogue import load_catalogue


class Command(BaseCommand):
    help = "Load the built-in methods catalogue (idempotent; newer file versions replace older ones)."

    def handle(self, *args: Any, **options: Any) -> None:
        for key, outcome in load_catalogue().items():
            self.stdout.write(f"{key}: {outcome}")
