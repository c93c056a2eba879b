"""Building blocks for tests: people, organisations and groups made through the real
actions, a real SMTP server on loopback, and the task worker run on demand."""
from __future__ import annotations

import ctypes
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from kring.accounts.models import User
from kring.api import scopes
from kring.api.actions import TOKEN_PREFIX, digest
from kring.api.models import AccessToken
from kring.groups import actions as group_actions
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.organisations.models import Organisation, OrganisationKind, OrgMembership, OrgRole

PASSWORD = "kring-test-wachtwoord"


def make_person(name: str, *, email: str | None = None, staff: bool = False, **fields: Any) -> User:
    email = email or f"{name.lower().replace(' ', '.')}@example.org"
    fields.setdefault("experience_years", Decimal("3"))
    return User.objects.create_user(email=email, password=PASSWORD, name=name, is_staff=staff, **fields)


def make_org(name: str = "Opleiding Noord", kind: str = OrganisationKind.TRAINING_INSTITUTE) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind)


def join_org(person: User, org: Organisation, role: str = OrgRole.MEMBER, **fields: Any) -> OrgMembership:
    return OrgMembership.objects.create(organisation=org, person=person, role=role, **fields)


def make_group(coordinator: User, org: Organisation | None, name: str = "Intervisiegroep A", **fields: Any) -> IntervisionGroup:
    fields.setdefault("min_size", 4)
    fields.setdefault("max_size", 8)
    return group_actions.create_group(coordinator, org, name=name, **fields)


def put_in_group(group: IntervisionGroup, person: User, role: str = MemberRole.MEMBER) -> GroupMembership:
    """Test setup only: bypasses the rules on purpose (to build states the rules forbid)."""
    return GroupMembership.objects.create(group=group, person=person, role=role)


def make_token(person: User, token_scopes: tuple[str, ...] = scopes.ALL, organisation: Organisation | None = None,
               days: int = 30) -> str:
    """An API token for a test, without the MFA check of ``kring.api.actions.create_token``
    (whose own tests cover it). Returns the secret."""
    secret = f"{TOKEN_PREFIX}test-{uuid.uuid4().hex}"
    AccessToken.objects.create(owner=person, organisation=organisation, name="test", prefix=secret[:12],
                               digest=digest(secret), scopes=list(token_scopes),
                               expires_at=timezone.now() + timedelta(days=days))
    return secret


def run_tasks() -> None:
    """Run every task that is due now, as the worker would, then return."""
    call_command("db_worker", batch=True, reload=False, interval=0, verbosity=0)


def mailed_path(smtp: SmtpServer, address: str, prefix: str) -> str:
    """Deliver what is due (the worker, once), then the path of the link under ``prefix``
    in the one mail that reached ``address``: a browser opens it on the test server."""
    run_tasks()
    [mail] = smtp.to(address)
    found = re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S*)", mail.text())
    assert found, mail.text()
    return found.group(1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # no orphaned server if the test run is killed
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextmanager
def asgi_server_process(**env: str) -> Iterator[str]:
    """A real ASGI server (daphne, HTTP and websockets) in a subprocess, on the test
    database (SQLite's is a file; PostgreSQL's is shared anyway), with the test settings of
    kring/live/tests/server_settings.py and `env` on top. Yields its base URL; call it
    twice for two processes that share only the database (and the cache in it)."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kring.live.tests.server_settings",
           "KRING_TEST_DB_NAME": str(settings.DATABASES["default"]["NAME"]), "LOG_LEVEL": "WARNING",
           "MFA_REQUIRED": "0", **env}  # as in the test process (conftest.py)
    daphne = Path(sys.executable).with_name("daphne")
    process = subprocess.Popen([str(daphne), "-v", "0", "-b", "127.0.0.1", "-p", str(port), "kring.asgi:application"],
                               env=env, cwd=str(settings.BASE_DIR), preexec_fn=_die_with_parent,
                               stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:  # wait until it accepts connections
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("daphne did not start") from None
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # open sockets can keep daphne waiting
            process.kill()
            process.wait(timeout=5)


@dataclass
class ReceivedMail:
    envelope_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def attachments(self) -> list[EmailMessage]:
        return list(self.message.iter_attachments())


@dataclass
class _Handler:
    received: list[ReceivedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # While set, the server answers every RCPT with this code (e.g. 550 for a permanent failure).
    reject_with: str | None = None

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]) -> str:
        if self.reject_with:
            return self.reject_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        msg = message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(), policy=policy.default)
        assert isinstance(msg, EmailMessage)  # policy.default builds EmailMessage objects
        with self.lock:
            self.received.append(ReceivedMail(str(envelope.mail_from), list(envelope.rcpt_tos), msg))
        return "250 Message accepted"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free loopback port. ``stop()`` and ``start()``
    simulate an outage on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = _Handler()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[ReceivedMail]:
        with self.handler.lock:
            return list(self.handler.received)

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.received if address in m.rcpt_tos]
