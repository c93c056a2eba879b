"""Run the ASGI server (daphne) and the task worker (`python -m kring worker`, db_worker with a heartbeat) together, and stop both
cleanly on Ctrl-C or SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kring.api.tasks import flush_webhooks
from kring.groups.roles import has_administrator
from kring.mail.tasks import flush_outbox, purge_outbox
from kring.site.production import refusal as production_refusal
from kring.site.production import serve as serve_production


def first_run_hint(python: str, base_url: str) -> str:
    """What a fresh installation (no staff account) must do first, said where its
    administrator looks: the terminal that started it."""
    here = os.path.relpath(python) if python.startswith(os.getcwd() + os.sep) else python
    return (
        "Kring has no administrator yet. Create the first one (it asks for an e-mail address,\n"
        "a name and a password):\n\n"
        f"    {here} -m kring createsuperuser\n\n"
        f"then log in at {base_url}account/login/ and choose 'Beheer' to create organisations\n"
        "and appoint their coordinators."
    )


class Command(BaseCommand):
    help = "Start the Kring web server and the background task worker together."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--production", action="store_true",
                            help="Serve on --workers processes (web only; start workers with 'python -m kring worker').")
        parser.add_argument("--workers", type=int, default=1, help="Web processes with --production (default 1).")

    def handle(self, *args: Any, host: str, port: int, production: bool = False, workers: int = 1,
               **options: Any) -> None:
        python = sys.executable
        if production and (reason := production_refusal(workers)):
            raise CommandError(reason)  # before anything touches the database
        flush_outbox.enqueue()  # catch up on mail that waited while Kring was down
        flush_webhooks.enqueue()  # and on webhook deliveries
        purge_outbox.enqueue()  # removes old mail text now, then plans itself daily
        if production:  # the web processes only: the workers start on their own (python -m kring worker)
            if not has_administrator():
                self.stdout.write(self.style.WARNING(first_run_hint(python, f"http://{host}:{port}/")))
                self.stdout.flush()
            serve_production(host, port, workers)
            return
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        # Before the children exist: a stop that comes while they start must still stop
        # them, not end this process alone and leave them running.
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        children = [
            subprocess.Popen([python, "-m", "daphne", "-b", host, "-p", str(port), "kring.asgi:application"]),
            subprocess.Popen([python, "-m", "kring", "worker", "--interval", "1"]),  # with the heartbeat /gezond/ reads
        ]
        try:
            if not has_administrator():
                self.stdout.write(self.style.WARNING(first_run_hint(python, f"http://{host}:{port}/")))
            self.stdout.write(self.style.SUCCESS(f"Kring runs at http://{host}:{port}/  (Ctrl-C stops it)"))
            self.stdout.flush()
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            self.stdout.write("Kring stopped.")
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, -signal.SIGINT, None)]
        if failed and not stopping:
            raise SystemExit(1)
