from __future__ import annotations

from django_tasks import task

from kring.api import webhooks


@task()
def deliver_webhook(delivery_id: str) -> str | None:
    return webhooks.deliver_now(delivery_id)


@task()
def flush_webhooks() -> int:
    """Catch up: release rows a crashed worker left behind and try everything that is due."""
    webhooks.release_stuck()
    ids = webhooks.due()
    for delivery_id in ids:
        webhooks.deliver_now(delivery_id)
    return len(ids)
