"""The audit trail (every write) and the access log (every read of confidential data,
after NEN 7513). Both are append-only hash chains: each row carries the hash of the row
before it, so a changed, removed or inserted row breaks the chain where `manage.py
verify_audit` finds it. People are chained as pseudonymous refs; the foreign keys beside
them are a convenience that erasure may clear without breaking a link."""
from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An attempt to change or delete a chained row through the ORM."""


class ChainQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("audit rows are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit rows are never deleted")

    def clear_people(self, **fields: None) -> int:
        """Clear foreign keys to a person who is erased; the chained refs stay."""
        assert all(value is None for value in fields.values())
        return super().update(**fields)

    def cut_before(self, seq: int) -> int:
        """Remove the rows before ``seq`` (retention removes the oldest): the chain then
        starts at the first row kept, and only a prefix can go this way."""
        return models.QuerySet.delete(self.filter(seq__lt=seq))[0]


ChainManager = models.Manager.from_queryset(ChainQuerySet)


class Chained(models.Model):
    seq = models.PositiveBigIntegerField(_("number"), unique=True, null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)
    at = models.DateTimeField(_("time"), db_index=True)

    objects: ClassVar[ChainQuerySet] = ChainManager()  # type: ignore[assignment]

    # The fields that the hash covers, in this order; foreign keys to people are not among
    # them (their refs are).
    CHAINED: ClassVar[tuple[str, ...]] = ()
    # (foreign key attribute, ref field): the key, when set, must name the ref's person.
    PEOPLE: ClassVar[tuple[tuple[str, str], ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit rows are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit rows are never deleted")


class ChainLock(models.Model):
    """One row that every append locks (SELECT … FOR UPDATE), so concurrent writers on
    PostgreSQL take turns; both chains share it, so no two writers can deadlock over them."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    def __str__(self) -> str:
        return "audit chain lock"


class AuditEntry(Chained):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("event"), max_length=120, db_index=True)  # e.g. kring.groups.member_added
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_ref = models.CharField(_("actor (pseudonymous)"), max_length=32, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    CHAINED = ("seq", "name", "at", "actor_ref", "object_type", "object_id", "data")
    PEOPLE = (("actor_id", "actor_ref"),)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.name}"


class AccessEntry(Chained):
    """One read of confidential data: what was read, whose data it is, who read it, and on
    whose behalf (e.g. a coordinator acting for an organisation), from which session and
    client address, and in which group (so a privacy officer sees the reads of theirs)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.CharField(_("event"), max_length=120, db_index=True)  # e.g. kring.cases.case_read
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reader_ref = models.CharField(_("reader (pseudonymous)"), max_length=32, blank=True, db_index=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("whose data"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    subject_ref = models.CharField(_("whose data (pseudonymous)"), max_length=32, blank=True, db_index=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    group_id = models.UUIDField(_("group"), null=True, blank=True, db_index=True)
    # A keyed hash of the session key: the key itself would let anyone with the log sign in.
    session_ref = models.CharField(_("session"), max_length=32, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    CHAINED = ("seq", "event", "at", "reader_ref", "subject_ref", "on_behalf_of", "object_type", "object_id",
               "group_id", "session_ref", "client_address")
    PEOPLE = (("reader_id", "reader_ref"), ("subject_id", "subject_ref"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access entry")
        verbose_name_plural = _("access entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event}"
