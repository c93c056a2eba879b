"""Production serving: ``serve --production`` refuses what cannot work, and the acceptance
test runs Kring as production does — two web instances (one of them with two processes) and
two task workers on loopback, sharing the database and a Redis this test starts and stops."""
from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from kring.accounts.models import User
from kring.live.tests.conftest import build_circle
from kring.mail.actions import queue_rendered_mail
from kring.site import processes
from kring.site.production import server_command
from kring.site.testing import SmtpServer, free_port


def test_more_than_one_process_without_redis_is_refused(settings: Any) -> None:
    settings.DEBUG, settings.REDIS_URL = False, None
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("serve", "--production", "--workers", "2")


def test_production_is_refused_with_debug_on(settings: Any) -> None:
    settings.DEBUG, settings.REDIS_URL = True, "redis://127.0.0.1:6379/0"
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("serve", "--production", "--workers", "2")


def test_the_server_serves_websockets_and_trusts_only_the_local_proxy() -> None:
    command = server_command("0.0.0.0", 8000, 3)
    assert Path(command[0]).name == "uvicorn" and "kring.asgi:application" in command
    assert command[command.index("--workers") + 1] == "3"
    assert "--proxy-headers" in command and "--forwarded-allow-ips" not in command  # FORWARDED_ALLOW_IPS decides


# --- the acceptance test -------------------------------------------------------------------

@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Redis of this test's own, on a free port: stopping it never touches the machine's."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server (Debian: apt-get install redis-server) to start a Redis it may stop")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    processes.wait_for(lambda: processes.listening(port), "redis-server to listen", [process])
    try:
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        processes.stop(process)


def _session_cookie(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def _health(base: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"{base}/gezond/", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except (urllib.error.URLError, ConnectionError):  # not listening (yet)
        return 0, {}


def _healthy(base: str) -> bool:
    return _health(base)[0] == 200


def _socket(base: str, session_id: str, cookie: str) -> ClientConnection:
    return connect(f"ws{base.removeprefix('http')}/ws/live/{session_id}/", origin=Origin(base),
                   additional_headers={"Cookie": f"sessionid={cookie}"}, open_timeout=30)


def _next_state(ws: ClientConnection, after: int) -> dict[str, Any]:
    """The next state message newer than version ``after`` (presence messages pass by)."""
    while True:
        message = json.loads(ws.recv(timeout=30))
        if message.get("type") == "state" and message["version"] > after:
            return dict(message)


def _phase(state: dict[str, Any]) -> tuple[Any, ...]:
    return state["version"], state["status"], state["paused"], (state["block"] or {}).get("id")


@pytest.mark.django_db(transaction=True)
def test_two_web_instances_and_two_workers_on_loopback(redis_server: tuple[str, subprocess.Popen[bytes]],
                                                       smtp_server: SmtpServer, tmp_path: Path) -> None:
    redis_url, redis_process = redis_server
    circle = build_circle()
    cookies = {"chair": _session_cookie(circle.facilitator), "member": _session_cookie(circle.members[0])}
    with transaction.atomic():
        for i in range(50):
            queue_rendered_mail(kind="kring.test", to_email=f"p{i}@example.org", subject=f"Bericht {i}",
                                body_text="Hallo", dedupe_key=f"accept-{i}")
    env = processes.test_env(
        DEBUG="0", SECRET_KEY=settings.SECRET_KEY, DATA_KEY=",".join(settings.DATA_KEYS), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", REDIS_URL=redis_url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port),
    )
    ports = free_port(), free_port()
    commands = [
        (["serve", "--production", "--host", "127.0.0.1", "--port", str(ports[0]), "--workers", "2"], env),
        (["serve", "--production", "--host", "127.0.0.1", "--port", str(ports[1]), "--workers", "1"], env),
        (["worker", "--interval", "0.2", "--heartbeat", "1"], env),
        (["worker", "--interval", "0.2", "--heartbeat", "1"], env),
    ]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    with processes.running(commands, log=tmp_path / "kring.log") as procs:
        for base in (a, b):
            processes.wait_for(partial(_healthy, base), f"{base}/gezond/ to answer 200", procs)
        # One socket on each instance: the chair's control goes into instance A, and the
        # member on instance B sees every change (through Redis), in order.
        with _socket(a, str(circle.session.pk), cookies["chair"]) as chair, \
                _socket(b, str(circle.session.pk), cookies["member"]) as member:
            seen_by_chair, seen_by_member = [_next_state(chair, -1)], [_next_state(member, -1)]
            for action in ("start", "pause", "resume", "next", "next", "pause"):
                chair.send(json.dumps({"action": action}))
                seen_by_chair.append(_next_state(chair, seen_by_chair[-1]["version"]))
                seen_by_member.append(_next_state(member, seen_by_chair[-1]["version"] - 1))
        assert [_phase(s) for s in seen_by_member] == [_phase(s) for s in seen_by_chair]
        assert [s["paused"] for s in seen_by_member[1:]] == [False, True, False, False, False, True]
        blocks = [s["block"]["id"] for s in seen_by_member[1:]]
        assert blocks[0] == blocks[1] == blocks[2] != blocks[3] != blocks[4] == blocks[5]
        # Mail: every message once, though two workers ran.
        processes.wait_for(lambda: len(smtp_server.received) >= 50, "the mail to be delivered", procs)
        assert Counter(r for mail in smtp_server.received for r in mail.rcpt_tos) == Counter(
            {f"p{i}@example.org": 1 for i in range(50)})
        # Redis goes away: the health check names what fails.
        processes.stop(redis_process)
        status, body = _health(a)
        assert status == 503
        assert {"cache", "channel_layer"} <= set(body["failing"])
        assert body["checks"]["database"]["ok"] and body["checks"]["worker"]["ok"]
