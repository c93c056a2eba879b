"""The one way Kring enqueues background work: after the current transaction commits
(a worker must never see a row that is rolled back, nor miss one that is committed).

Actions name their task by dotted path, so an area's ``actions`` never imports its
``tasks`` (which import the actions they run, at the top): no import cycle between them."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_after_commit(task_path: str, *args: Any, run_after: datetime | None = None) -> None:
    """Enqueue ``task_path`` (e.g. ``"kring.mail.tasks.deliver"``) with ``args`` once the
    transaction commits; at once when there is none. ``run_after`` delays it."""

    def enqueue() -> None:
        task = import_string(task_path)
        (task.using(run_after=run_after) if run_after is not None else task).enqueue(*args)

    transaction.on_commit(enqueue)
