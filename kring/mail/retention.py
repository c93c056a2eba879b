"""Mail bodies are kept only as long as they are useful: a delivered mail (or one that
finally failed) keeps its text for ``KRING_MAIL_RETENTION_DAYS`` (for a "did you get it?"
question, a resend), then its text and attachments are removed. The row stays with its
headers and status: the dedupe key must keep working (a digest is never sent twice) and
the sender still sees that it went out. Mail still waiting (pending, held) is kept."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kring.mail.models import MailStatus, OutboxAttachment, OutboxMessage

BATCH = 500
logger = logging.getLogger(__name__)


def purgeable(now: datetime | None = None, cutoff: datetime | None = None) -> Q:
    cutoff = cutoff or (now or timezone.now()) - timedelta(days=settings.KRING_MAIL_RETENTION_DAYS)
    done = Q(status=MailStatus.SENT, sent_at__lt=cutoff) | Q(status=MailStatus.FAILED, updated_at__lt=cutoff)
    return done & Q(purged_at__isnull=True)


def purge_outbox(now: datetime | None = None, cutoff: datetime | None = None) -> int:
    """Remove the text of every mail past its retention period, in batches (a long backlog
    never holds one long write lock). Returns how many mails were purged (kept as the task's
    result, and logged: the audit area sits beside this one, not below it)."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            ids = list(OutboxMessage.objects.filter(purgeable(now, cutoff)).values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            OutboxAttachment.objects.filter(message_id__in=ids).delete()
            OutboxMessage.objects.filter(pk__in=ids).update(body_text="", body_html="", purged_at=now)
            total += len(ids)
    if total:
        logger.info("outbox: removed the text of %d mails older than %d days", total, settings.KRING_MAIL_RETENTION_DAYS)
    return total
