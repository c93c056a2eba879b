"""`manage.py verify_audit`: walk both hash chains and name the first broken link."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kring.audit.chain import CHAINS, first_break


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail and the access log; report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = []
        for model in CHAINS:
            found = first_break(model)
            if found is None:
                self.stdout.write(_("%(chain)s: intact (%(count)d entries)") % {
                    "chain": model._meta.label_lower, "count": model.objects.count()})
            else:
                broken.append(_("%(chain)s: first broken link at entry %(seq)s (id %(id)s): %(why)s") % {
                    "chain": found.chain, "seq": found.seq, "id": found.pk, "why": found.why})
        if broken:
            raise CommandError("\n".join(broken))
