"""Background work of the reports area: the reminder to approve a part of a report."""
from __future__ import annotations

from django_tasks import task

from kring.reports import actions


@task()
def approval_reminder(part_id: str, requested_at: str) -> str:
    """Enqueued when a case bringer is asked to approve her part; re-checks when it runs."""
    return actions.remind_approval(None, part_id, requested_at)
