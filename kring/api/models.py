"""API tokens, organisation webhooks and the outbox of webhook deliveries."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.models import Entity


class AccessToken(Entity):
    """A bearer token. Only a SHA-256 digest of the secret is stored: the secret is
    random (256 bits), so a slow hash adds nothing, and a lookup by digest stays one index
    read per call. ``organisation`` set makes it an organisation token: it acts as the
    coordinator who made it, only within that organisation, and only while they coordinate it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12)  # shown in lists so a person can tell tokens apart
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class WebhookEvent(models.TextChoices):
    APPLICATION_RECEIVED = "application.received", _("application received")
    GROUP_PUBLISHED = "group.published", _("group published")
    MEETING_PLANNED = "meeting.planned", _("meeting planned")
    MEETING_MOVED = "meeting.moved", _("meeting moved")
    MEETING_CANCELLED = "meeting.cancelled", _("meeting cancelled")
    ATTENDANCE_CONFIRMED = "attendance.confirmed", _("attendance confirmed")


class Webhook(Entity):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address (URL)"), max_length=500)
    # The receiver needs the same secret to check the signature, so it is kept (not hashed).
    secret = models.CharField(max_length=64)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class WebhookDelivery(Entity):
    """One event for one webhook: written in the transaction of the change, delivered by
    the task worker. ``event_key`` is unique per webhook, so an event is queued once."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    event_key = models.CharField(max_length=120)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["webhook", "event_key"], name="one_delivery_per_event")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"
