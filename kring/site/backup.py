"""Backups and restores of Kring's database (``python -m kring backup`` / ``restore``).

A backup is one tar file: ``manifest.json`` (engine, migrations, row counts, the ids of the
data keys) and the database — SQLite copied through its online backup API, PostgreSQL
through ``pg_dump`` in one snapshot — so it is consistent while Kring runs. Kring keeps no
uploaded files outside the database (attachments are rows), so the database is everything.

The data key is never in the backup: the confidential texts in it are sealed with that key
(``kring.core.crypto``), and a backup that carried its key would protect nothing. Keep the
key apart (a password manager, a second vault); a restore without it is refused."""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.core import crypto
from kring.core.errors import Refused

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
SAMPLE = 20  # encrypted values per column that a restore decrypts to prove the key


@dataclass(frozen=True)
class Done:
    path: Path
    manifest: dict[str, Any]


def configured_key_ids() -> list[str]:
    return [crypto.key_id(crypto.parse_key(text)) for text in settings.DATA_KEYS]


def key_location() -> str:
    """Where this Kring reads its data key from (never the key itself)."""
    if os.environ.get("DATA_KEY_FILE"):
        return _("the file named by DATA_KEY_FILE (%(path)s)") % {"path": os.environ["DATA_KEY_FILE"]}
    if os.environ.get("DATA_KEY"):
        return _("the DATA_KEY environment variable")
    return _("the file %(path)s") % {"path": settings.BASE_DIR / ".data_key"}


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGHOST": str(db.get("HOST") or ""), "PGPORT": str(db.get("PORT") or ""),
           "PGUSER": str(db.get("USER") or ""), "PGDATABASE": str(db["NAME"])}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return {k: v for k, v in env.items() if v != ""}


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise Refused(_("%(tool)s failed: %(error)s") % {"tool": command[0], "error": result.stderr.strip()[-500:]})


def _snapshot_sqlite(workdir: Path) -> dict[str, int]:
    target = workdir / SQLITE_FILE
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # online: pages copied under SQLite's own locking
        tables = [r[0] for r in destination.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = row_counts(destination.cursor(), sorted(t for t in tables if t in set(_tables())))
    finally:
        destination.close()
    return counts


def _snapshot_postgresql(workdir: Path) -> dict[str, int]:
    if shutil.which("pg_dump") is None:
        raise Refused(_("pg_dump is not installed (Debian: apt-get install postgresql-client)."))
    # Count and dump in one snapshot: the manifest's counts are exactly what the dump holds.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(cursor, _tables())
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={workdir / PG_FILE}"], _pg_env())
    return counts


def backup(destination: Path) -> Done:
    """Write a backup to ``destination`` (a file, or a folder to put a dated file in)."""
    if destination.is_dir():
        destination = destination / f"kring-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kring-backup-") as tmp:
        workdir = Path(tmp)
        engine = connection.vendor
        if engine == "sqlite":
            counts = _snapshot_sqlite(workdir)
        elif engine == "postgresql":
            counts = _snapshot_postgresql(workdir)
        else:
            raise Refused(_("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": engine})
        manifest = {"format": FORMAT, "engine": engine, "created_at": timezone.now().isoformat(),
                    "data_key_ids": configured_key_ids(), "migrations": _migrations(), "row_counts": counts}
        partial = destination.with_name(destination.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds personal data
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(workdir / (SQLITE_FILE if engine == "sqlite" else PG_FILE), arcname=SQLITE_FILE if engine == "sqlite" else PG_FILE)
        partial.replace(destination)  # a backup is either whole or absent
    return Done(destination, manifest)


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise Refused(_("This is not a Kring backup (it has no manifest)."))
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise Refused(_("This backup has format %(format)s, which this Kring cannot read.") % {"format": manifest.get("format")})
    return manifest


def check_keys(manifest: dict[str, Any]) -> None:
    missing = [kid for kid in manifest["data_key_ids"] if kid not in configured_key_ids()]
    if missing:
        raise Refused(_(
            "This backup's confidential texts are sealed with data key %(needed)s, which is not configured here "
            "(configured: %(configured)s). Set DATA_KEY (or DATA_KEY_FILE) to the key that was kept apart from "
            "the backup, then restore again. Nothing was changed."
        ) % {"needed": ", ".join(missing), "configured": ", ".join(configured_key_ids()) or "-"})


def _check_empty() -> None:
    tables = _tables()
    if tables:
        with connection.cursor() as cursor:
            filled = [t for t, n in row_counts(cursor, tables).items() if n]
        if filled:
            raise Refused(_("Restore needs an empty database; this one has data (%(tables)s …). Nothing was changed.")
                          % {"tables": ", ".join(filled[:3])})


def _restore_sqlite(tar: tarfile.TarFile, workdir: Path) -> None:
    tar.extract(SQLITE_FILE, workdir, filter="data")
    source = sqlite3.connect(workdir / SQLITE_FILE)
    connection.ensure_connection()
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgresql(tar: tarfile.TarFile, workdir: Path) -> None:
    tar.extract(PG_FILE, workdir, filter="data")
    connection.close()
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={settings.DATABASES['default']['NAME']}",
          str(workdir / PG_FILE)], _pg_env())


def _decrypt_samples() -> int:
    """Decrypt a sample of every text column's sealed values: proof the key fits the data."""
    checked = 0
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in _tables():
            for column in introspection.get_table_description(cursor, table):
                if introspection.get_field_type(column.type_code, column) not in ("TextField", "CharField"):
                    continue
                col = connection.ops.quote_name(column.name)
                cursor.execute(f"SELECT {col} FROM {connection.ops.quote_name(table)} WHERE {col} LIKE %s LIMIT {SAMPLE}",
                               [f"{crypto.PREFIX}:%"])
                for (value,) in cursor.fetchall():
                    crypto.decrypt(value)  # DataKeyError names the key it needs
                    checked += 1
    return checked


def restore(source: Path) -> Done:
    """Restore ``source`` into this Kring's (empty) database, after checking the key."""
    if not source.is_file():
        raise Refused(_("There is no backup file at %(path)s.") % {"path": source})
    with tarfile.open(source, mode="r:*") as tar, tempfile.TemporaryDirectory(prefix="kring-restore-") as tmp:
        manifest = read_manifest(tar)
        check_keys(manifest)
        if manifest["engine"] != connection.vendor:
            raise Refused(_("This backup is of a %(backup)s database; this Kring uses %(here)s.")
                          % {"backup": manifest["engine"], "here": connection.vendor})
        _check_empty()
        (_restore_sqlite if manifest["engine"] == "sqlite" else _restore_postgresql)(tar, Path(tmp))
    with connection.cursor() as cursor:
        counts = row_counts(cursor, sorted(manifest["row_counts"]))
    if counts != manifest["row_counts"]:
        differ = sorted(t for t in counts if counts[t] != manifest["row_counts"][t])
        raise Refused(_("The restored row counts differ from the backup's in %(tables)s.") % {"tables": ", ".join(differ)})
    manifest["decrypted_samples"] = _decrypt_samples()
    return Done(source, manifest)
