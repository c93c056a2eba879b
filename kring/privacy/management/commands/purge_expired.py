"""``manage.py purge_expired``: purge what is past its retention period now; with
``--daily`` also start the daily purge task (the worker then runs it every night)."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from kring.privacy import actions


class Command(BaseCommand):
    help = "Purge data past its retention period (and with --daily, keep doing so every night)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--daily", action="store_true", help="also schedule the nightly purge task")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = actions.purge_expired()
            if options["daily"]:
                actions.schedule_next_purge()
        for kind, number in counts.items():
            self.stdout.write(f"{kind}: {number}")
