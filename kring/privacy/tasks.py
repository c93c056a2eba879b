"""Background work of the privacy area: the daily retention purge."""
from __future__ import annotations

from django.db import transaction
from django_tasks import task

from kring.privacy import actions


@task()
def purge_daily() -> dict[str, int]:
    """Purge, then plan tomorrow's run (started by ``manage.py purge_expired --daily``)."""
    with transaction.atomic():
        counts = actions.purge_expired()
        actions.schedule_next_purge()
    return counts
