from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from kring.accounts.models import User
from kring.cases.models import Case
from kring.groups.models import IntervisionGroup, MemberRole
from kring.live.actions import flow, setup, vote
from kring.live.models import LiveSession
from kring.meetings.models import Meeting
from kring.methods.catalogue import load_catalogue
from kring.organisations.models import OrgRole
from kring.site.testing import free_port, join_org, make_group, make_org, make_person, put_in_group


@dataclass
class Circle:
    facilitator: User
    members: list[User]
    outsider: User
    group: IntervisionGroup
    meeting: Meeting
    cases: list[Case]
    session: LiveSession

    def fresh(self) -> LiveSession:
        return LiveSession.objects.select_related("current_block", "meeting__group").get(pk=self.session.pk)

    def start_and_choose_first_case(self, note_taker: User | None = None) -> None:
        """The chair starts the meeting and the second member's vote chooses the first case
        (the first member's); ``note_taker`` takes the notes."""
        if note_taker is not None:
            session = self.fresh()
            session.note_taker = note_taker
            session.save()
        flow.control(self.facilitator, self.fresh(), "start")
        vote.cast(self.members[1], self.fresh(), self.cases[0])
        vote.close(self.facilitator, self.fresh())


def build_circle(prefix: str = "", chair_rotates: bool = False) -> Circle:
    load_catalogue()
    coordinator = make_person(f"{prefix}Coordinator")
    org = make_org(f"{prefix}Org")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, f"{prefix}Groep", chair_rotates=chair_rotates)
    facilitator = make_person(f"{prefix}Anne Begeleider")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    members = [make_person(f"{prefix}{name}") for name in ("Bram Lid", "Carla Lid", "Daan Lid")]
    for m in members:
        put_in_group(group, m)
    outsider = make_person(f"{prefix}Olaf Buiten")
    start = timezone.now() + timedelta(hours=1)
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + timedelta(hours=2))
    cases = [
        Case.objects.create(meeting=meeting, author=members[0], title="Grenzen stellen", situation="…",
                            question="Hoe stel ik een grens bij een cliënt die blijft bellen?"),
        Case.objects.create(meeting=meeting, author=members[1], title="Teamconflict", situation="…",
                            question="Hoe spreek ik mijn collega aan?"),
    ]
    session = setup.prepare(facilitator, meeting)
    return Circle(facilitator, members, outsider, group, meeting, cases, session)


@pytest.fixture
def circle(db: None) -> Circle:
    return build_circle()


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """A real ASGI server (daphne, HTTP and websockets) in a subprocess, on the test
    database (SQLite's is a file; PostgreSQL's is shared anyway). Yields its base URL."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kring.live.tests.server_settings",
           "KRING_TEST_DB_NAME": str(settings.DATABASES["default"]["NAME"]), "LOG_LEVEL": "WARNING"}
    daphne = Path(sys.executable).with_name("daphne")

    def die_with_parent() -> None:  # no orphaned server if the test run is killed
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    process = subprocess.Popen([str(daphne), "-v", "0", "-b", "127.0.0.1", "-p", str(port), "kring.asgi:application"],
                               env=env, cwd=str(settings.BASE_DIR), preexec_fn=die_with_parent,
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
