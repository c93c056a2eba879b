"""Retention as data (how long each kind of data is kept, and why) and erasure requests."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.models import Entity


class RetentionKind(models.TextChoices):
    OUTBOX_BODIES = "outbox_bodies", _("mail texts in the outbox (after delivery)")
    CASES = "cases", _("cases (after their meeting)")
    NOTES = "notes", _("live notes, advice and learning points (after the meeting)")
    REPORTS = "reports", _("reports (after the meeting)")
    EVALUATIONS = "evaluations", _("evaluation answers (after the meeting)")
    SESSIONS = "sessions", _("expired sign-in sessions")
    TASK_RESULTS = "task_results", _("results of finished background tasks")
    ACCESS_LOG = "access_log", _("access log")


class RetentionRule(models.Model):
    """How many days one kind of data is kept, with the source of that period (a law, a
    standard, a decision). Rows, not constants: a privacy officer may set other periods."""

    kind = models.CharField(_("kind"), max_length=20, choices=RetentionKind.choices, unique=True)
    days = models.PositiveIntegerField(_("days"), validators=[MinValueValidator(1), MaxValueValidator(36600)])
    source = models.TextField(_("source"))

    class Meta:
        ordering = ["kind"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    DONE = "done", _("erased")


class ErasureRequest(Entity):
    """A person asks to be erased; staff confirm. The row outlives the person (who is then
    NULL) as the record that the request was carried out."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    done_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="requested"),
                                    name="privacy_one_open_erasure_request"),
        ]

    def __str__(self) -> str:
        return f"erasure {self.pk} ({self.status})"
