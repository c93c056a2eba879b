"""A fresh installation: `python -m kring` (what `make run` and the production start run)
says how to create the first administrator, and stops saying it once there is one."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kring.site.testing import PASSWORD, free_port

ROOT = Path(__file__).resolve().parents[3]


def _kring(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "kring", *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def _healthy(port: int) -> None:
    """The health check turns 200 once the worker `make run` starts has written its heartbeat."""
    deadline = time.monotonic() + 90
    status = 0
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/gezond/", timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as refused:
            status = refused.code
        except urllib.error.URLError:
            status = 0  # not listening yet
        if status == 200:
            return
        time.sleep(0.5)
    raise AssertionError(f"/gezond/ never answered 200 under serve (last {status})")


def _start_and_read_greeting(env: dict[str, str], then: Callable[[int], None] | None = None) -> str:
    """Start the server, read what it prints up to "Kring runs at", (check ``then``,) stop it."""
    port = free_port()
    # Its own session: whatever happens, the server and its two children are ended here.
    server = subprocess.Popen([sys.executable, "-m", "kring", "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert server.stdout is not None
    lines = []
    stopped = False
    try:
        for line in server.stdout:
            lines.append(line)
            if "Kring runs at" in line:
                break
        if then is not None:
            then(port)
        server.send_signal(signal.SIGTERM)
        rest, _ = server.communicate(timeout=120)
        stopped = "Kring stopped." in rest
        assert stopped, "the server did not stop its children itself"
    finally:
        if not stopped:
            # Its children are in its process group even when it has died itself (not yet
            # reaped, so the group id is still ours).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return "".join(lines)


def test_a_fresh_database_is_told_how_to_create_the_first_administrator(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'kring.sqlite3'}", "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    _kring(env, "migrate", "--noinput", "-v0")
    greeting = _start_and_read_greeting(env)
    assert "Kring has no administrator yet" in greeting
    assert "-m kring createsuperuser" in greeting and "account/login/" in greeting

    _kring(env, "createsuperuser", "--noinput", "--email", "beheer@example.org", "--name", "Bea Beheer")
    assert "createsuperuser" not in _start_and_read_greeting(env, then=_healthy)  # its worker beats too
