"""What the health check (``/gezond/``) looks at, and the heartbeat task workers leave.

Each check answers ``ok`` and a few numbers, never data of a person, and never the text of
an exception (a connection error can carry a host name or a password from a URL): a
monitor needs to know *which part* fails; the logs say why."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

from kring.site.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# A check that takes longer than this counts as failing: a monitor must get an answer
# while Redis or the database hangs, not a timeout of its own.
CHECK_TIMEOUT_SECONDS = 2.0


@dataclass
class Check:
    ok: bool
    details: dict[str, Any] = field(default_factory=dict)


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True, {"engine": connection.vendor})


def check_cache() -> Check:
    key = f"kring:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key) == "1"
    cache.delete(key)
    return Check(found, {"backend": type(cache).__name__})


async def _round_trip() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    channel = await layer.new_channel("kring-health.")
    await layer.send(channel, {"type": "health.ping"})
    message = await layer.receive(channel)
    return bool(message.get("type") == "health.ping")


def check_channel_layer() -> Check:
    async def bounded() -> bool:
        return await asyncio.wait_for(_round_trip(), CHECK_TIMEOUT_SECONDS)

    ok = async_to_sync(bounded)()
    return Check(ok, {"backend": str(settings.CHANNEL_LAYERS["default"]["BACKEND"]).rsplit(".", 1)[-1]})


def check_worker() -> Check:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if latest is None:
        return Check(False, {"age_seconds": None, "max_age_seconds": settings.KRING_WORKER_MAX_AGE})
    age = max(0, round((timezone.now() - latest).total_seconds()))
    return Check(age <= settings.KRING_WORKER_MAX_AGE, {"age_seconds": age, "max_age_seconds": settings.KRING_WORKER_MAX_AGE})


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "worker": check_worker,
}


def run_checks() -> dict[str, Check]:
    results: dict[str, Check] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # every failure is an answer here, never a 500
            logger.warning("health check %s failed: %s", name, exc.__class__.__name__, exc_info=True)
            results[name] = Check(False, {"error": exc.__class__.__name__})
    return results


# --- the heartbeat a worker leaves -------------------------------------------------------

def beat(worker_id: str, started_at: Any) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at, "seen_at": now},
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeat(threading.Thread):
    """Touches this worker's row every ``interval`` seconds until ``stop()``; a failed
    touch (database briefly away) is logged and retried on the next beat. The worker
    removes its row itself (``forget``) once this thread has ended, so the last beat
    cannot bring the row back."""

    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name="kring-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            while not self._halt.is_set():
                try:
                    close_old_connections()
                    beat(self.worker_id, self.started_at)
                except Exception:
                    logger.exception("worker heartbeat failed")
                self._halt.wait(self.interval)
        finally:
            connection.close()

    def stop(self) -> None:
        self._halt.set()
