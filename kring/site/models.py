"""Rows of the site layer itself: not domain data, the machinery around it."""
from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per task worker process (``python -m kring worker``), touched every few
    seconds, so the health check can tell how long ago a worker was last alive. Kept in the
    database (not the cache) because that is the one store every web process and every
    worker shares in every set-up, SQLite included."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
