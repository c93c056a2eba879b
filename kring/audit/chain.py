"""Appending to and verifying the hash chains of the audit trail and the access log."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from kring.audit.models import AccessEntry, AuditEntry, Chained, ChainLock

C = TypeVar("C", bound=Chained)
CHAINS: tuple[type[Chained], ...] = (AuditEntry, AccessEntry)


def pseudonym(person_pk: object) -> str:
    """A person's stable pseudonymous id in the logs: without the server's key it names
    nobody, and it stays when the person is erased."""
    return salted_hmac("kring.audit.pseudonym", str(person_pk)).hexdigest()[:32] if person_pk is not None else ""


def _canonical(value: object) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return value
    return str(value)  # UUIDs, addresses


def digest(row: Chained) -> str:
    payload = {name: _canonical(getattr(row, name)) for name in row.CHAINED}
    text = json.dumps([row._meta.label_lower, row.prev_hash, payload], sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def append(row: C) -> C:
    """Give the row its place at the end of its chain and save it. The lock row serialises
    appends on PostgreSQL; SQLite runs one writing transaction at a time anyway."""
    with transaction.atomic():
        ChainLock.objects.select_for_update().get_or_create(pk=1)
        last = type(row).objects.exclude(seq=None).order_by("-seq").values_list("seq", "hash").first()
        row.seq, row.prev_hash = ((last[0] or 0) + 1, last[1]) if last else (1, "")
        row.at = timezone.now()
        row.hash = digest(row)
        row.save(force_insert=True)
    return row


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int | None
    pk: object
    why: str


def _rows(model: type[Chained]) -> Iterator[Chained]:
    return model.objects.order_by("seq").iterator(chunk_size=2000)


def first_break(model: type[Chained]) -> Break | None:
    """The first row at which the chain does not hold, or None."""
    label = model._meta.label_lower
    previous: tuple[int, str] | None = None  # (seq, hash) of the row before
    for row in _rows(model):
        if row.seq is None:
            return Break(label, None, row.pk, _("no place in the chain"))
        if previous is not None and row.seq != previous[0] + 1:
            return Break(label, row.seq, row.pk, _("entries %(first)s to %(last)s are missing") % {
                "first": previous[0] + 1, "last": row.seq - 1})
        if previous is not None and row.prev_hash != previous[1]:
            return Break(label, row.seq, row.pk, _("does not follow from the entry before"))
        if row.hash != digest(row):
            return Break(label, row.seq, row.pk, _("content changed"))
        for key, ref in row.PEOPLE:
            person = getattr(row, key)
            if person is not None and pseudonym(person) != getattr(row, ref):
                return Break(label, row.seq, row.pk, _("%(key)s does not match %(ref)s") % {"key": key, "ref": ref})
        previous = (row.seq, row.hash)
    return None
