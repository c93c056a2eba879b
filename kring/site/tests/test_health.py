"""The health check: 200 when every part answers, 503 naming the part that does not."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kring.site.health import beat, forget
from kring.site.models import WorkerHeartbeat
from kring.site.testing import free_port

pytestmark = pytest.mark.django_db


def _get(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/gezond/")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_every_part_answers_with_a_fresh_heartbeat(client: Client) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        beat("w1", timezone.now())
        status, body = _get(client)
    assert status == 200
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "worker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["worker"]["age_seconds"] == 0


def test_no_worker_ever_is_named(client: Client) -> None:
    status, body = _get(client)
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["age_seconds"] is None


def test_a_stale_heartbeat_fails_and_reports_its_age(client: Client, settings: Any) -> None:
    settings.KRING_WORKER_MAX_AGE = 60
    beat("w1", timezone.now())
    with time_machine.travel(timezone.now() + timedelta(seconds=90), tick=False):
        status, body = _get(client)
    assert status == 503
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"]["age_seconds"] == 90


def test_the_newest_of_several_workers_counts(client: Client) -> None:
    with time_machine.travel(timezone.now() - timedelta(minutes=30), tick=False):
        beat("old", timezone.now())
    beat("new", timezone.now())
    forget("gone")  # forgetting an unknown worker is harmless
    assert WorkerHeartbeat.objects.count() == 2
    assert _get(client)[0] == 200


def test_unreachable_redis_names_cache_and_channel_layer(client: Client, settings: Any) -> None:
    beat("w1", timezone.now())
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # a port nothing listens on
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nowhere,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                           "CONFIG": {"hosts": [nowhere]}}}
    status, body = _get(client)
    assert status == 503
    assert body["failing"] == ["cache", "channel_layer"]
    assert body["checks"]["database"]["ok"] and body["checks"]["worker"]["ok"]
    # The error is named by its kind only: no address, no password from a URL.
    assert "127.0.0.1" not in json.dumps(body)


def test_only_get(client: Client) -> None:
    assert client.post("/gezond/").status_code == 405
