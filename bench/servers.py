"""Which ASGI server serves Kring best (not a test; the figures are in docs/deploy.md).

On a throwaway SQLite demo database (DEBUG off, static files collected), logged in as the
demo facilitator, wrk drives each server in turn — daphne (one process; it has no worker
option), uvicorn's own ``--workers``, gunicorn with uvicorn's worker class, and granian —
with 1 and N processes, on an empty view behind Kring's middleware and on the dashboard.

Usage: .venv/bin/python bench/servers.py [--seconds 5] [--workers 2] [--connections 16]
Needs wrk (Debian: apt-get install wrk) and the servers (pip install uvicorn gunicorn granian).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
APP = "kring.asgi:application"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def commands(port: int, workers: int) -> dict[str, list[str]]:
    p = str(port)
    return {
        "daphne": [str(BIN / "daphne"), "-v", "0", "-b", "127.0.0.1", "-p", p, APP],
        "uvicorn": [str(BIN / "uvicorn"), APP, "--host", "127.0.0.1", "--port", p, "--workers", str(workers),
                    "--no-access-log", "--log-level", "warning", "--lifespan", "off"],
        "gunicorn+uvicorn": [str(BIN / "gunicorn"), APP, "-k", "uvicorn_worker.UvicornWorker", "-b", f"127.0.0.1:{p}",
                             "-w", str(workers), "--log-level", "warning"],
        "granian": [str(BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", p,
                    "--workers", str(workers), "--no-ws", "--log-level", "warning", APP],
    }


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def wrk(url: str, cookie: str, seconds: int, connections: int) -> float:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", f"Cookie: sessionid={cookie}",
                          "-H", "Host: 127.0.0.1", url], capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} failed responses")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else 0.0


def empty_ok(base: str) -> bool:
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{base}/bench/leeg/"],
                         capture_output=True, text=True).stdout
    return out == "200"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", nargs="*", help="servers to measure (default: all)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kring-servers-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.server_settings", "SQLITE_PATH": str(tmp / "db.sqlite3"),
           "DEBUG": "0", "SECRET_KEY": "bench-only-not-secret", "DATA_KEY": "A" * 43 + "=", "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "EMAIL_HOST": "", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)  # one process per server instance is measured with the in-memory layer
    python = [sys.executable, "-m", "kring"]
    for step in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*python, *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    cookie = subprocess.run([*python, "shell", "-c", (
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from kring.accounts.models import User;"
        "u = User.objects.get(email='anne@demo.kring.nl');"
        "s = SessionStore(); s['_auth_user_id'] = str(u.pk);"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
        "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); print(s.session_key)")],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    print(f"{'server':<18} {'procs':>5} {'empty req/s':>12} {'dashboard req/s':>16} {'ratio':>6}")
    names = args.only or ["daphne", "uvicorn", "gunicorn+uvicorn", "granian"]
    runs = [(name, n) for name in names for n in ([1] if name == "daphne" else sorted({1, args.workers}))]
    for name, n in runs:
        port = free_port()
        process = subprocess.Popen(commands(port, n)[name], env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_listening(port, process)
            base = f"http://127.0.0.1:{port}"
            wrk(f"{base}/overzicht/", cookie, 1, args.connections)  # warm up every process
            if not empty_ok(base):
                raise RuntimeError("the empty view did not answer 200")
            empty = wrk(f"{base}/bench/leeg/", cookie, args.seconds, args.connections)
            dash = wrk(f"{base}/overzicht/", cookie, args.seconds, args.connections)
            print(f"{name:<18} {n:>5} {empty:>12.0f} {dash:>16.0f} {dash / empty:>6.2f}", flush=True)
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            print(f"{name:<18} {n:>5} failed: {exc}", flush=True)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
