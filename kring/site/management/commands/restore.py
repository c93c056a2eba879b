"""``python -m kring restore PATH``: a backup back into an empty database, with its key."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kring.core.crypto import DataKeyError
from kring.core.errors import Refused
from kring.site.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by 'backup' into an empty database (needs the data key of the backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file.")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            done = restore(Path(path))
        except Refused as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except DataKeyError as exc:
            raise CommandError(_("The data key does not open this backup's texts: %(why)s.") % {"why": exc}) from exc
        self.stdout.write(self.style.SUCCESS(
            _("Restored %(path)s: %(tables)d tables with the same row counts as the backup; %(samples)d encrypted "
              "texts decrypted with the configured key. Run 'python -m kring migrate' if this Kring is newer, "
              "then start it.")
            % {"path": done.path, "tables": len(done.manifest["row_counts"]), "samples": done.manifest["decrypted_samples"]}))
