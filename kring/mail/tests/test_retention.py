"""Mail text is kept for a retention period after delivery, then removed; the row stays
with its headers (its dedupe key keeps a digest from going out twice)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from kring.mail import tasks
from kring.mail.actions import Attachment, queue_rendered_mail
from kring.mail.models import MailStatus, OutboxAttachment, OutboxMessage
from kring.mail.retention import purge_outbox

pytestmark = pytest.mark.django_db


def _mail(status: str, days_ago: int, key: str) -> OutboxMessage:
    message = queue_rendered_mail(kind="kring.test", to_email="a@example.org", subject=f"Onderwerp {key}",
                                  body_text=f"tekst {key}", body_html=f"<p>{key}</p>", dedupe_key=key,
                                  attachments=[Attachment("x.ics", b"BEGIN:VCALENDAR", "text/calendar")])
    when = timezone.now() - timedelta(days=days_ago)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, sent_at=when if status == MailStatus.SENT else None, updated_at=when)
    return message


def test_text_is_removed_after_the_retention_period_and_the_headers_stay(settings: Settings) -> None:
    settings.KRING_MAIL_RETENTION_DAYS = 30
    old_sent, new_sent = _mail(MailStatus.SENT, 31, "old-sent"), _mail(MailStatus.SENT, 29, "new-sent")
    old_failed, old_pending = _mail(MailStatus.FAILED, 40, "old-failed"), _mail(MailStatus.PENDING, 40, "old-pending")
    assert purge_outbox() == 2
    by_key = {m.dedupe_key: m for m in OutboxMessage.objects.all()}
    for gone in (old_sent, old_failed):
        row = by_key[gone.dedupe_key]
        assert (row.body_text, row.body_html, row.purged_at is not None) == ("", "", True)
        assert row.subject == gone.subject and not OutboxAttachment.objects.filter(message=row).exists()
    for kept in (new_sent, old_pending):  # too recent, or still waiting to be delivered
        row = by_key[kept.dedupe_key]
        assert row.body_text == f"tekst {kept.dedupe_key}" and row.purged_at is None
        assert OutboxAttachment.objects.filter(message=row).exists()
    assert purge_outbox() == 0  # nothing twice
    # The dedupe key still holds: the same mail is not queued again.
    again = queue_rendered_mail(kind="kring.test", to_email="a@example.org", subject="S", body_text="T", dedupe_key="old-sent")
    assert again.pk == old_sent.pk and OutboxMessage.objects.count() == 4
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert purge_outbox() == 1  # the 29-day-old one has passed the period now


def test_the_purge_task_plans_its_next_run_once() -> None:
    waiting = DBTaskResult.objects.filter(task_path=tasks.PURGE_TASK, status=TaskResultStatus.READY)
    tasks.purge_outbox.call()
    tasks.purge_outbox.call()  # a second start of Kring: still one planned run
    [planned] = waiting
    assert planned.run_after is not None and planned.run_after > timezone.now() + timedelta(hours=23)
