from __future__ import annotations

from django_tasks import task

from kring.mail import delivery


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
