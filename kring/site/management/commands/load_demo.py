from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kring.site.demo import LOGINS, PASSWORD, load_all


class Command(BaseCommand):
    help = "Load Kring's demo data (idempotent: running it twice changes nothing) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        demo = load_all()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in with (password for all: {PASSWORD}):"))
        for key, label in LOGINS:
            self.stdout.write(f"  {demo.people[key].email:<28} {label}")
