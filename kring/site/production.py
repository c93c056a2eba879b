"""``python -m kring serve --production --workers N``: Kring on N web processes.

The server is uvicorn (its own ``--workers`` supervisor, httptools, uvloop, websockets),
chosen by measurement (``bench/servers.py``; the figures are in docs/deploy.md). Each
process serves HTTP and websockets; the processes share nothing but PostgreSQL (or the
SQLite file) and Redis, so more than one process without Redis is refused: an in-memory
channel layer cannot carry a live meeting's broadcast from one process to another."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

ASGI_APP = "kring.asgi:application"
# Seconds a restart waits for open requests and sockets before it closes them: a live
# meeting's browser reconnects by itself.
GRACEFUL_SECONDS = 10


def refusal(workers: int) -> str | None:
    """Why Kring cannot be served this way, or None."""
    if workers < 1:
        return _("--workers must be 1 or more.")
    if settings.DEBUG:
        return _("--production needs DEBUG=0 (and SECRET_KEY, DATA_KEY and ALLOWED_HOSTS); see docs/deploy.md.")
    if workers > 1 and not settings.REDIS_URL:
        return _(
            "More than one web process needs REDIS_URL: without Redis each process has its own channel layer "
            "and cache, so a live meeting would not reach the participants on the other processes. "
            "Set REDIS_URL or start with --workers 1."
        )
    return None


def server_command(host: str, port: int, workers: int) -> list[str]:
    """The server's command line. X-Forwarded-For and -Proto are trusted only from the
    addresses in FORWARDED_ALLOW_IPS (uvicorn reads it; default 127.0.0.1: a reverse proxy
    on the same machine)."""
    return [
        str(Path(sys.executable).with_name("uvicorn")), ASGI_APP,
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--lifespan", "off",  # Django has no lifespan handlers
        "--proxy-headers", "--no-server-header", "--timeout-graceful-shutdown", str(GRACEFUL_SECONDS),
        "--log-level", os.environ.get("LOG_LEVEL", "INFO").lower(), "--no-access-log",
    ]


def serve(host: str, port: int, workers: int) -> None:
    """Replace this process by the server (so a supervisor's signals reach it directly)."""
    reason = refusal(workers)
    if reason:
        raise CommandError(reason)
    command = server_command(host, port, workers)
    sys.stdout.flush()
    os.execv(command[0], command)
