from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kring.mail import delivery, retention


@task()
def deliver(message_id: str) -> str | None:
    return delivery.deliver_now(message_id)


@task()
def flush_outbox() -> int:
    """Catch up: release rows a crashed worker left behind and try everything that is due."""
    delivery.release_stuck()
    ids = delivery.due_messages()
    for message_id in ids:
        delivery.deliver_now(message_id)
    return len(ids)


PURGE_TASK = "kring.mail.tasks.purge_outbox"


@task()
def purge_outbox() -> int:
    """Daily: remove the text of mail past its retention period, then plan the next run
    (unless one is already planned: starting Kring twice must not start two chains)."""
    purged = retention.purge_outbox()
    schedule_daily_purge()
    return purged


def schedule_daily_purge() -> None:
    waiting = DBTaskResult.objects.filter(task_path=PURGE_TASK, status=TaskResultStatus.READY)
    if not waiting.exists():
        purge_outbox.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
