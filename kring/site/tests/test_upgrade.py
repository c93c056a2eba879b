"""Upgrades: a database built by the previous release (its migrations, its demo data) is
migrated by ``python -m kring migrate`` to this release, and its data is still there.

``data/release-0.1-demo.sql.gz`` is the SQL dump of ``migrate`` + ``load_demo`` run by the
previous release (how to make it at a release: docs/deploy.md, "Upgrades"); its texts are
sealed with ``PREVIOUS_KEY``, a test key that protects nothing."""
from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DUMP = Path(__file__).with_name("data") / "release-0.1-demo.sql.gz"
PREVIOUS_KEY = "UHJldmlvdXMtcmVsZWFzZS10ZXN0LWtleS0zMmJ5dGU="


def _kring(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATA_KEY_FILE")}
    env.update(DJANGO_SETTINGS_MODULE="kring.settings", SQLITE_PATH=str(db), DATA_KEY=PREVIOUS_KEY, LOG_LEVEL="WARNING")
    return subprocess.run([sys.executable, "-m", "kring", *args], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=300)


def test_the_previous_release_migrates_to_this_one(tmp_path: Path) -> None:
    db = tmp_path / "previous.sqlite3"
    with sqlite3.connect(db) as con:
        con.executescript(gzip.decompress(DUMP.read_bytes()).decode("utf-8"))
        applied_before = set(con.execute("SELECT app, name FROM django_migrations"))
        people_before = con.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
    con.close()
    migrated = _kring(["migrate", "--noinput"], db)
    assert migrated.returncode == 0, migrated.stderr
    assert _kring(["migrate", "--check"], db).returncode == 0  # nothing left to apply
    with sqlite3.connect(db) as con:
        applied_after = set(con.execute("SELECT app, name FROM django_migrations"))
        people_after = con.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
    con.close()
    assert applied_before < applied_after  # this release brings migrations of its own
    assert people_after == people_before > 10
    # The upgraded Kring reads its old data through the ORM.
    shown = _kring(["shell", "-c", ("from kring.accounts.models import User; "
                                   "print(User.objects.get(email='anne@demo.kring.nl').name)")], db)
    assert shown.stdout.strip().splitlines()[-1] == "Anne de Vries", shown.stderr
