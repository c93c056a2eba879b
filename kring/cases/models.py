"""Cases members bring to a meeting. Confidential: only the group's circle sees them and
every read is logged."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.core.fields import EncryptedTextField
from kring.core.models import Entity


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("case status", "submitted")  # formation's "ingediend" would win
    WITHDRAWN = "withdrawn", _("withdrawn")
    CHOSEN = "chosen", _("chosen")
    TREATED = "treated", _("treated")


class Case(Entity):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="cases")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(_("short title"), max_length=160)
    situation = EncryptedTextField(_("the situation"), max_length=10000)
    question = EncryptedTextField(_("the question"), max_length=2000)
    wish = EncryptedTextField(_("what you want from the group"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title
