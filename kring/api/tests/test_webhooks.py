"""Webhooks: signed POSTs to a real HTTP server on loopback, delivered by the task worker
from an outbox (retries with backoff, never twice), with a delivery log for coordinators."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from kring.api import actions
from kring.api.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from kring.api.tests.conftest import Cast, api_as
from kring.formation.models import Offer
from kring.meetings import actions as meeting_actions
from kring.meetings.models import Meeting, MeetingStatus
from kring.site.testing import run_tasks


class Receiver:
    """An HTTP server on a free loopback port that records each POST and answers with the
    next status of ``answers`` (then 204)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/kring"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()


def _hook(cast: Cast, receiver: Receiver, *events: str) -> Webhook:
    return actions.create_webhook(cast.coordinator, cast.org, url=receiver.url, events_chosen=list(events or WebhookEvent.values))


def _plan(cast: Cast) -> Meeting:
    start = timezone.now().replace(microsecond=0) + timedelta(days=14)
    return meeting_actions.create_meeting(cast.facilitator, cast.group, starts_at=start, ends_at=start + timedelta(hours=2),
                                          location="Arnhem")


@pytest.mark.django_db(transaction=True)
def test_a_planned_meeting_is_posted_signed_once(cast: Cast, receiver: Receiver) -> None:
    hook = _hook(cast, receiver)
    meeting = _plan(cast)
    run_tasks()
    assert len(receiver.received) == 1
    got = receiver.received[0]
    body, headers = got["body"], got["headers"]
    expected = hmac.new(hook.secret.encode(), headers["X-Kring-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Kring-Signature"] == f"sha256={expected}"
    assert headers["X-Kring-Event"] == "meeting.planned"
    event = json.loads(body)
    assert event["event"] == "meeting.planned" and event["data"]["meeting_id"] == str(meeting.pk)
    assert event["organisation_id"] == str(cast.org.pk)
    # Never twice: the worker catching up later finds nothing to send.
    run_tasks()
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


@pytest.mark.django_db(transaction=True)
@override_settings(KRING_WEBHOOK_BACKOFF_SECONDS=60, KRING_WEBHOOK_MAX_ATTEMPTS=3)
def test_a_failing_receiver_is_retried_with_backoff_then_given_up(cast: Cast, receiver: Receiver) -> None:
    _hook(cast, receiver, WebhookEvent.MEETING_CANCELLED)
    meeting = _plan(cast)
    receiver.answers = [503, 500, 502]
    meeting_actions.cancel_meeting(cast.facilitator, meeting)
    meeting_actions.cancel_meeting(cast.facilitator, meeting)  # a second click announces nothing new
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 503)
    run_tasks()  # not due yet: nothing is posted
    assert len(receiver.received) == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        run_tasks()
    assert len(receiver.received) == 2  # after 60 s
    with time_machine.travel(timezone.now() + timedelta(seconds=61 + 125)):
        run_tasks()
    delivery.refresh_from_db()
    assert len(receiver.received) == 3 and delivery.status == DeliveryStatus.FAILED  # after 120 s more: the last try
    assert {r["headers"]["X-Kring-Delivery"] for r in receiver.received} == {str(delivery.pk)}


@pytest.mark.django_db(transaction=True)
def test_events_from_each_area_and_only_those_subscribed(cast: Cast, receiver: Receiver) -> None:
    _hook(cast, receiver, WebhookEvent.APPLICATION_RECEIVED, WebhookEvent.MEETING_MOVED, WebhookEvent.ATTENDANCE_CONFIRMED)
    meeting = _plan(cast)  # not subscribed
    meeting_actions.change_meeting(cast.facilitator, meeting, starts_at=meeting.starts_at + timedelta(days=1),
                                   ends_at=meeting.ends_at + timedelta(days=1), break_minutes=15, location="Arnhem",
                                   online_url="", agenda="")
    offer = Offer.objects.create(organisation=cast.org, title="W", min_size=2, max_size=4, slots=["ma-ochtend"], is_open=True)
    assert api_as(cast.member).post(f"/offers/{offer.pk}/apply", {"experience_years": "3", "availability": ["ma-ochtend"]}).status_code == 201
    past = timezone.now() - timedelta(days=1)
    held = Meeting.objects.create(group=cast.group, starts_at=past, ends_at=past + timedelta(hours=2), status=MeetingStatus.HELD)
    assert api_as(cast.facilitator).post(f"/meetings/{held.pk}/attendance/confirm", {}).status_code == 200
    run_tasks()
    assert sorted(r["headers"]["X-Kring-Event"] for r in receiver.received) == [
        "application.received", "attendance.confirmed", "meeting.moved"]
    # The coordinators' delivery log shows them.
    client = Client()
    client.force_login(cast.coordinator)
    page = client.get(reverse("api:organisation", args=[cast.org.pk])).content.decode()
    assert page.count("afgeleverd") == 3 and "aanmelding ontvangen" in page


@pytest.mark.django_db
def test_only_coordinators_add_webhooks_and_the_address_is_checked(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.coordinator)
    page = client.post(reverse("api:organisation", args=[cast.org.pk]), {"form": "webhook", "url": "ftp://x", "events": ["meeting.planned"]})
    assert page.status_code == 422 and not Webhook.objects.exists()
    client.force_login(cast.member)
    assert client.post(reverse("api:organisation", args=[cast.org.pk]), {
        "form": "webhook", "url": "https://example.org/h", "events": ["meeting.planned"]}).status_code == 404
