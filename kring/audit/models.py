"""The audit trail (every write) and the access log (every read of confidential data,
after NEN 7513). Rows here are append-only: nothing in Kring updates or deletes them."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("event"), max_length=120, db_index=True)  # e.g. kring.groups.member_added
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.name}"


class AccessEntry(models.Model):
    """One read of confidential data: what was read, whose data it is, who read it, and on
    whose behalf (e.g. a coordinator acting for an organisation)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.CharField(_("event"), max_length=120, db_index=True)  # e.g. kring.cases.case_read
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("whose data"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access entry")
        verbose_name_plural = _("access entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event}"
