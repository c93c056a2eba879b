"""Test machinery: Kring's own commands (``python -m kring serve --production``, ``worker``)
started as real processes on the test database, the way they run in production."""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

SERVER_SETTINGS = "kring.live.tests.server_settings"  # Kring's settings on the test database


def _die_with_parent() -> None:  # no orphaned process if the test run is killed
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def test_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: the test database, quiet logs, plus ``extra``."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
           "KRING_TEST_DB_NAME": str(settings.DATABASES["default"]["NAME"]), "LOG_LEVEL": "WARNING"}
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "kring", *args], env=env, cwd=str(settings.BASE_DIR),
                            preexec_fn=_die_with_parent, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def running(commands: list[tuple[list[str], dict[str, str]]], log: Path | None = None,
            ) -> Iterator[list[subprocess.Popen[bytes]]]:
    processes = [start(args, env, log) for args, env in commands]
    try:
        yield processes
    finally:
        for process in processes:
            stop(process)


def wait_for(condition: Callable[[], bool], what: str, processes: Sequence[subprocess.Popen[bytes]] = (),
             timeout: float = 90.0) -> None:
    """Wait until ``condition()`` holds; fail early when one of ``processes`` died. The
    timeout only turns a hang into a failure: it is not what the test measures."""
    deadline = time.monotonic() + timeout
    while not condition():
        for process in processes:
            if process.poll() is not None:
                raise AssertionError(f"a Kring process exited ({process.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False
