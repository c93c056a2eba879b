"""Print the latest mails to one address, text included: how a developer reads mail when
no mail server is configured (`make run`). Whoever can run this has the database and the
data key anyway; the staff pages in the app show headers and status only."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kring.mail.models import OutboxMessage


class Command(BaseCommand):
    help = "Print the latest mails to an address, with their text (for development without SMTP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("to", help="the recipient's e-mail address")
        parser.add_argument("--last", type=int, default=3, help="how many mails (newest first)")

    def handle(self, *args: Any, to: str, last: int, **options: Any) -> None:
        # Exact match on the address: a plain column (only bodies are encrypted).
        mails = OutboxMessage.objects.filter(to_email__iexact=to.strip()).order_by("-created_at")[:last]
        if not mails:
            self.stdout.write(f"No mail to {to}.")
        for mail in mails:
            self.stdout.write(f"--- {mail.created_at:%Y-%m-%d %H:%M} {mail.get_status_display()}: {mail.subject}")
            self.stdout.write(mail.body_text if mail.purged_at is None else "(text removed after the retention period)")
