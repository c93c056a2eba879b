"""Webhook deliveries: an outbox like the mail's.

``queue`` writes one row per subscribed webhook inside the transaction of the change (a
unique event key per webhook: an event is queued once, however often it is announced) and
enqueues delivery on commit. ``deliver_now`` claims a row (PENDING → SENDING, committed)
before the POST and records the outcome after it, so two workers never post the same row;
failures are retried with exponential backoff up to KRING_WEBHOOK_MAX_ATTEMPTS. Receivers
get a stable ``X-Kring-Delivery`` id to drop the one duplicate a crashed worker could cause."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from kring.api.models import DeliveryStatus, Webhook, WebhookDelivery
from kring.core.tasks import enqueue_after_commit

STUCK_AFTER = timedelta(minutes=15)
# Statuses worth trying again: the receiver is down, overloaded or slow.
RETRY_STATUSES = {408, 425, 429}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """What X-Kring-Signature carries: HMAC-SHA256 over "<timestamp>.<body>"."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def queue(organisation_id: UUID | None, event: str, key: str, payload: dict[str, Any]) -> int:
    """One delivery per active webhook of the organisation that wants ``event``."""
    if organisation_id is None:
        return 0
    count = 0
    for hook in Webhook.objects.filter(organisation_id=organisation_id, is_active=True):
        if event not in hook.events:
            continue
        data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        delivery, created = WebhookDelivery.objects.get_or_create(
            webhook=hook, event_key=f"{event}:{key}", defaults={"event": event, "payload": data})
        if created:
            enqueue_after_commit("kring.api.tasks.deliver_webhook", str(delivery.pk))
            count += 1
    return count


def _claim(delivery_id: str) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).select_related("webhook").first()
        if delivery is None or delivery.status != DeliveryStatus.PENDING or not delivery.webhook.is_active:
            return None
        if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
            return None  # not due yet; the retry scheduled for then picks it up
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.save(update_fields=["status", "attempts", "updated_at"])
        return delivery


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps({
        "id": str(delivery.pk), "event": delivery.event, "created_at": delivery.created_at.isoformat(),
        "organisation_id": str(delivery.webhook.organisation_id), "data": delivery.payload,
    }, separators=(",", ":"), ensure_ascii=False).encode()


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = body_of(delivery)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(delivery.webhook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "Kring-Webhooks/1",
        "X-Kring-Event": delivery.event, "X-Kring-Delivery": str(delivery.pk),
        "X-Kring-Timestamp": timestamp, "X-Kring-Signature": sign(delivery.webhook.secret, timestamp, body),
    })
    try:
        with urllib.request.urlopen(request, timeout=settings.KRING_WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, repr(exc)[:2000]


def deliver_now(delivery_id: str) -> str | None:
    """Try one delivery. Returns its new status, or None when it was not ours to send."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    status, error = _post(delivery)
    now = timezone.now()
    with transaction.atomic():
        delivery.last_status_code, delivery.last_error = status, error
        if status is not None and 200 <= status < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        elif (status is not None and status < 500 and status not in RETRY_STATUSES) \
                or delivery.attempts >= settings.KRING_WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delay = settings.KRING_WEBHOOK_BACKOFF_SECONDS * 2 ** (delivery.attempts - 1)
            delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, now + timedelta(seconds=delay)
            enqueue_after_commit("kring.api.tasks.deliver_webhook", str(delivery.pk), run_after=delivery.next_attempt_at)
        delivery.save()
    return delivery.status


def release_stuck() -> int:
    cutoff = timezone.now() - STUCK_AFTER
    return WebhookDelivery.objects.filter(status=DeliveryStatus.SENDING, updated_at__lt=cutoff).update(
        status=DeliveryStatus.PENDING, next_attempt_at=None)


def due() -> list[str]:
    rows = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).exclude(next_attempt_at__gt=timezone.now())
    return [str(pk) for pk in rows.values_list("pk", flat=True)]
