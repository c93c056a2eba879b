"""The durable outbox: a mail exists as a row written in the same transaction as the
change that causes it, and a task delivers it (retries, backoff, every attempt recorded)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.fields import EncryptedTextField
from kring.core.models import Entity


class MailStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    HELD = "held", _("kept in the outbox (no mail server configured)")


class OutboxMessage(Entity):
    kind = models.CharField(_("kind"), max_length=120, db_index=True)  # e.g. kring.meeting.invitation
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mail"
    )
    to_email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8, default="nl")
    subject = models.CharField(_("subject"), max_length=300)
    body_text = EncryptedTextField(_("text"))
    body_html = EncryptedTextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Set when the retention period after delivery passed and the text and attachments were removed.
    purged_at = models.DateTimeField(_("text removed at"), null=True, blank=True)
    # Whatever must never be sent twice (one digest per meeting per person) carries a key.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # What the mail is about (a meeting, a group), so its sender can see failures.
    about_type = models.CharField(max_length=80, blank=True)
    about_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"


class OutboxAttachment(Entity):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=120)  # may carry parameters: "text/calendar; method=REQUEST"
    content = models.BinaryField()

    class Meta:
        ordering = ["created_at"]


class DeliveryAttempt(Entity):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="delivery_attempts")
    ok = models.BooleanField(default=False)
    permanent = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
