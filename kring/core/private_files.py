"""The SQLite database holds health data (even encrypted, its metadata is personal): its
file, WAL and shared-memory files are readable by Kring's own user only (0600), and the
directory Kring creates for it is 0700. SQLite gives a new WAL the mode of the database
file, so tightening the database file right after it is opened covers its companions too."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings import this module before Django's database layer is set up
    from django.db.backends.base.base import BaseDatabaseWrapper

SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path, *, tighten: bool = False) -> None:
    """Create ``path`` as 0700 when it is missing. An existing directory is tightened only
    when asked (Kring's own ``var/``): a directory named by SQLITE_PATH may be shared."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask
    elif tighten and path.stat().st_uid == os.getuid():
        path.chmod(0o700)


def private_sqlite_files(name: str) -> None:
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in SUFFIXES:
        file = Path(f"{name}{suffix}")
        try:
            if file.stat().st_mode & 0o077 and file.stat().st_uid == os.getuid():
                file.chmod(0o600)
        except FileNotFoundError:
            continue


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        private_sqlite_files(str(connection.settings_dict["NAME"]))
