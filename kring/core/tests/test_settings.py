"""Configuration comes from the environment, with safe production behaviour."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kring.env import env_bool, env_int, env_list, env_str

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-that-is-long-and-random-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "kring.example.nl",
    "SITE_URL": "https://kring.example.nl",
    "DEFAULT_FROM_EMAIL": "Kring <kring@example.nl>",
    "DATA_KEY": "2vC5rV2Jt1x0lq3tq9m0d2m3kXk1kFvGJrGm7rZCq5s=",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATA_KEY"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_no_warnings_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**PRODUCTION}
    env.pop("SECRET_KEY")
    result = _manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY is required when DEBUG=0" in result.stderr


def test_secret_from_a_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv("KRING_T", "from-env")
    monkeypatch.setenv("KRING_T_FILE", str(secret))
    assert env_str("KRING_T") == "from-the-file"


def test_typed_helpers_reject_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRING_B", "misschien")
    with pytest.raises(ImproperlyConfigured):
        env_bool("KRING_B", False)
    monkeypatch.setenv("KRING_I", "acht")
    with pytest.raises(ImproperlyConfigured):
        env_int("KRING_I", 1)
    monkeypatch.setenv("KRING_L", " a, b ,,c ")
    assert env_list("KRING_L", []) == ["a", "b", "c"]
    monkeypatch.setenv("KRING_B", "Yes")
    assert env_bool("KRING_B", False) is True


def test_argon2_is_the_password_hasher_in_production_settings() -> None:
    result = _manage("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])", env=PRODUCTION)
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher", result.stderr


def test_email_url_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    code = ("from django.conf import settings as s; "
            "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.KRING_MAIL_DELIVERY)")
    result = _manage("shell", "--no-imports", "-c", code, env={"EMAIL_URL": "submission://mailer:p%40ss@mail.example.nl"})
    assert result.stdout.split() == ["mail.example.nl", "587", "mailer", "p@ss", "True", "True"], result.stderr
    result = _manage("shell", "--no-imports", "-c", code, env={"EMAIL_URL": "http://nope"})
    assert result.returncode != 0 and "EMAIL_URL scheme" in result.stderr


def test_production_refuses_to_start_without_a_data_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "DATA_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0 and "DATA_KEY (or DATA_KEY_FILE) is required when DEBUG=0." in result.stderr


def test_a_new_sqlite_database_and_its_directory_are_private(tmp_path: Path) -> None:
    """Created by Kring (migrate, then a write in WAL mode): directory 0700; database, WAL
    and shared-memory files 0600 (seen while the connection is open), whatever the umask."""
    where = tmp_path / "new" / "place"
    db = where / "kring.sqlite3"
    env = {"SQLITE_PATH": str(db), "DEBUG": "1", "DATABASE_URL": ""}  # SQLite, also in a PostgreSQL run
    old = os.umask(0o022)
    try:
        result = _manage("migrate", "-v0", env=env)
        assert result.returncode == 0, result.stderr
        script = (
            "import django, json, os, pathlib; django.setup(); from django.db import connection\n"
            "c = connection.cursor(); c.execute('CREATE TABLE t (x)'); c.execute('INSERT INTO t VALUES (1)')\n"
            f"print(json.dumps({{p.name: p.stat().st_mode & 0o777 for p in pathlib.Path({str(where)!r}).iterdir()}}))"
        )
        shell = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                               env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "kring.settings"})
        assert shell.returncode == 0, shell.stderr
    finally:
        os.umask(old)
    modes = json.loads(shell.stdout.strip().splitlines()[-1])
    assert {"kring.sqlite3", "kring.sqlite3-wal", "kring.sqlite3-shm"} <= set(modes)
    assert modes == dict.fromkeys(modes, 0o600)
    assert (where.stat().st_mode & 0o777) == 0o700
