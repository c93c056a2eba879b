"""Backups round-trip: a running demo backed up, restored into an empty database with its key
(every table's row count equal, sealed texts readable); without the key, a clear refusal."""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from kring.cases.models import Case
from kring.core import crypto
from kring.site import processes
from kring.site.backup import row_counts
from kring.site.models import WorkerHeartbeat

SECRET = "Vertrouwelijk: de cliënt belt elke avond"
# Tables nobody writes while the backup runs (the worker writes heartbeats, task results,
# outbox rows and audit entries): these must equal the live database as well.
STILL = ["accounts_user", "groups_intervisiongroup", "groups_groupmembership", "cases_case", "meetings_meeting"]


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a Kring on an empty database of the same engine."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", "DATA_KEY", "DATA_KEY_FILE")}
    env.update(DJANGO_SETTINGS_MODULE="kring.settings", LOG_LEVEL="WARNING")
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(tmp_path / "restored.sqlite3")
        yield env
        return
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    try:
        yield env
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _kring(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kring", *args], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=300)


READ_BACK = (
    "import json; from django.db import connection; from kring.site.backup import row_counts;"
    "from kring.core import crypto; from kring.cases.models import Case;"
    "c = connection.cursor(); t = connection.introspection.table_names();"
    "print(json.dumps({'counts': row_counts(c, sorted(t)),"
    " 'secret': crypto.decrypt(Case.objects.values_list('situation', flat=True).get(pk='%s'))}))"
)


@pytest.mark.django_db(transaction=True)
def test_a_running_demo_round_trips_and_the_key_stays_out(tmp_path: Path, empty_target: dict[str, str]) -> None:
    call_command("load_demo")
    case = Case.objects.order_by("created_at").first()
    assert case is not None
    Case.objects.filter(pk=case.pk).update(situation=crypto.encrypt(SECRET))  # as a sealed field stores it
    out = io.StringIO()
    with processes.running([(["worker", "--interval", "0.2", "--heartbeat", "0.2"], processes.test_env())]) as procs:
        processes.wait_for(lambda: WorkerHeartbeat.objects.exists(), "the worker to run", procs)
        call_command("backup", str(tmp_path / "kring.tar.gz"), stdout=out)  # while the worker writes
    written = out.getvalue()
    assert crypto.current_key_id() in written and ".data_key" in written  # where the key is, never the key
    archive = (tmp_path / "kring.tar.gz").read_bytes()
    assert oct((tmp_path / "kring.tar.gz").stat().st_mode & 0o777) == "0o600"
    for key in settings.DATA_KEYS:
        assert key.encode() not in gzip.decompress(archive)
    source: dict[str, int] = json.loads(_manifest(tmp_path / "kring.tar.gz"))["row_counts"]
    with connection.cursor() as cursor:
        assert row_counts(cursor, STILL) == {t: source[t] for t in STILL}
    assert source["accounts_user"] > 10 and source["cases_case"] > 0

    # Without the key: refused, and the empty database stays empty.
    other = {**empty_target, "DATA_KEY": crypto.new_key()}
    refused = _kring(["restore", str(tmp_path / "kring.tar.gz")], other)
    assert refused.returncode != 0
    assert crypto.current_key_id() in refused.stderr and "DATA_KEY" in refused.stderr
    assert "Traceback" not in refused.stderr

    # With the key: every table back with its rows, and the sealed text readable.
    keyed = {**empty_target, "DATA_KEY": ",".join(settings.DATA_KEYS)}
    restored = _kring(["restore", str(tmp_path / "kring.tar.gz")], keyed)
    assert restored.returncode == 0, restored.stderr
    back = json.loads(_kring(["shell", "-c", READ_BACK % case.pk], keyed).stdout.strip().splitlines()[-1])
    assert back["counts"] == source
    assert back["secret"] == SECRET
    # A second restore into the now filled database is refused.
    again = _kring(["restore", str(tmp_path / "kring.tar.gz")], keyed)
    assert again.returncode != 0 and "Traceback" not in again.stderr


def _manifest(path: Path) -> str:
    with tarfile.open(path) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return member.read().decode()
