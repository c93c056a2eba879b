"""Print a fresh data key (for DATA_KEY / DATA_KEY_FILE; see docs/privacy.md)."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kring.core import crypto


class Command(BaseCommand):
    help = "Print a new random data key for DATA_KEY (32 bytes, URL-safe base64)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(crypto.new_key())
