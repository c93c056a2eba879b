"""``python -m kring backup [PATH]``: a consistent backup of the database, without the key."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kring.core.errors import Refused
from kring.site.backup import backup, key_location


class Command(BaseCommand):
    help = "Back up Kring's database into one file (safe while Kring runs). The data key is not in it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default="var/backups",
                            help="A file to write, or a folder for a dated file (default var/backups).")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            done = backup(Path(path))
        except Refused as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        rows = sum(done.manifest["row_counts"].values())
        self.stdout.write(self.style.SUCCESS(
            _("Backup written to %(path)s (%(tables)d tables, %(rows)d rows).")
            % {"path": done.path, "tables": len(done.manifest["row_counts"]), "rows": rows}))
        self.stdout.write(_(
            "The data key (id %(ids)s) is NOT in this backup: it is in %(where)s. Keep a copy of the key apart "
            "from the backups (another place, other people): without it the confidential texts cannot be read, "
            "and with it next to the backup they are not protected."
        ) % {"ids": ", ".join(done.manifest["data_key_ids"]), "where": key_location()})
