"""``python -m kring worker``: one task worker (django-tasks' database worker) that also
leaves a heartbeat for the health check. Start as many as you like, on any machine that
reaches the database: each task is claimed in a locked transaction (``SELECT … FOR UPDATE
SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite) before it runs, so no
task runs twice, and mail rows are claimed once more before the SMTP conversation."""
from __future__ import annotations

import os
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Worker

from kring.mail.tasks import flush_outbox
from kring.site.health import Heartbeat, forget

HEARTBEAT_SECONDS = 5.0


class Command(BaseCommand):
    help = "Run one background task worker (start any number, on any machine)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds to wait when there is no task (default 1).")
        parser.add_argument("--heartbeat", type=float, default=HEARTBEAT_SECONDS,
                            help="Seconds between heartbeats for the health check (default 5).")

    def handle(self, *args: Any, interval: float, heartbeat: float, **options: Any) -> None:
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"
        flush_outbox.enqueue()  # catch up on mail that waited while no worker ran
        beats = Heartbeat(worker_id, heartbeat)
        beats.start()
        worker = Worker(queue_names=["*"], interval=interval, batch=False, backend_name="default",
                        startup_delay=True, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
        worker.configure_signals()
        self.stdout.write(_("Kring worker %(id)s is running (Ctrl-C stops it).") % {"id": worker_id})
        try:
            worker.run()
        finally:
            beats.stop()
            beats.join(timeout=30)
            forget(worker_id)  # in this thread: the process may not outlive a daemon thread's last write
