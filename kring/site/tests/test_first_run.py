"""A fresh installation: `python -m kring` (what `make run` and the production start run)
says how to create the first administrator, and stops saying it once there is one."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from kring.site.testing import PASSWORD, free_port

ROOT = Path(__file__).resolve().parents[3]


def _kring(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "kring", *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def _start_and_read_greeting(env: dict[str, str]) -> str:
    """Start the server, read what it prints up to "Kring runs at", stop it."""
    # Its own session: whatever happens, the server and its two children are ended here.
    server = subprocess.Popen([sys.executable, "-m", "kring", "serve", "--port", str(free_port())], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert server.stdout is not None
    lines = []
    stopped = False
    try:
        for line in server.stdout:
            lines.append(line)
            if "Kring runs at" in line:
                break
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
    assert "createsuperuser" not in _start_and_read_greeting(env)
