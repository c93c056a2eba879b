"""A system check (``manage.py check --database default``, and before ``migrate``): every
encrypted value in the database can be opened with the configured data keys. A wrong or
missing DATA_KEY is reported with the key id it needs, before any page meets such a value."""
from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError

from kring.core.rotation import unreadable_keys


def data_keys_open_the_stored_values(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not databases:
        return []
    try:
        missing = unreadable_keys()
    except DatabaseError:  # tables not migrated yet: nothing stored to open
        return []
    return [
        checks.Error(
            f"{field} holds values encrypted with data key {', '.join(sorted(kids))}, which is not configured.",
            hint="Put that key in DATA_KEY (after the current one, separated by a comma), then run rotate_data_key.",
            id="kring.E002",
        )
        for field, kids in sorted(missing.items())
    ]
