"""Re-encrypt every encrypted text field with the current (first) data key.

Rotation: put the new key in front of DATA_KEY ("new,old"), restart, run this command,
then drop the old key. It works in batches of rows (each batch its own transaction), only
touches values sealed with another key, and so can be stopped and run again at any time:
it resumes where it stopped. It reports, per field, how many values it re-encrypted."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kring.core import crypto
from kring.core.rotation import rotate_all


class Command(BaseCommand):
    help = "Re-encrypt confidential text with the current data key (batched, resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="rows per transaction")

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        crypto.reset_keys()
        self.stdout.write(f"Current data key: {crypto.current_key_id()}")
        total = 0
        for label, count in rotate_all(batch=batch):
            total += count
            self.stdout.write(f"{label}: {count} re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} values re-encrypted."))
