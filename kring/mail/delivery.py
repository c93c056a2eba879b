"""Delivering outbox rows over SMTP.

A row is claimed (PENDING → SENDING, committed) before the SMTP conversation and marked
SENT after it, so two workers never send the same row. A worker that dies mid-send leaves
the row in SENDING; ``release_stuck`` hands such rows back after a grace period (the only
case where a recipient could get a duplicate, and only after a crash)."""
from __future__ import annotations

import smtplib
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from kring.core.tasks import enqueue_after_commit
from kring.mail.models import DeliveryAttempt, MailStatus, OutboxMessage

STUCK_AFTER = timedelta(minutes=15)


def _mime_part(filename: str, mimetype: str, content: bytes) -> MIMEBase:
    main, _sep, params = mimetype.partition(";")
    maintype, subtype = main.strip().split("/", 1)
    if maintype == "text":
        part: MIMEBase = MIMEText(content.decode("utf-8"), subtype, "utf-8")
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(content)
        encoders.encode_base64(part)
    for param in params.split(";"):
        if "=" in param:
            key, value = param.split("=", 1)
            part.set_param(key.strip(), value.strip())
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={
            # Stable per row: a receiving server can drop a duplicate after a crash.
            "Message-ID": make_msgid(idstring=str(message.pk), domain="kring"),
            "Content-Language": message.language,
            "Auto-Submitted": "auto-generated",
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for att in message.attachments.all():
        email.attach(_mime_part(att.filename, att.mimetype, bytes(att.content)))
    return email


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def _claim(message_id: str) -> OutboxMessage | None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status not in (MailStatus.PENDING, MailStatus.HELD):
            return None
        if not settings.KRING_MAIL_DELIVERY:
            if message.status != MailStatus.HELD:
                message.status = MailStatus.HELD
                message.save(update_fields=["status", "updated_at"])
            return None
        if message.next_attempt_at and message.next_attempt_at > timezone.now():
            return None  # not due yet; the retry scheduled for then will pick it up
        message.status = MailStatus.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts", "updated_at"])
        return message


def deliver_now(message_id: str) -> str | None:
    """Try to deliver one row. Returns its new status, or None when it was not ours to send."""
    message = _claim(message_id)
    if message is None:
        return None
    error: Exception | None = None
    try:
        with get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT) as connection:
            connection.send_messages([build_email(message)])
    except (smtplib.SMTPException, OSError) as exc:
        error = exc
    return _record(message, error)


def _record(message: OutboxMessage, error: Exception | None) -> str:
    now = timezone.now()
    with transaction.atomic():
        permanent = error is not None and _is_permanent(error)
        DeliveryAttempt.objects.create(
            message=message, ok=error is None, permanent=permanent, error=repr(error) if error else ""
        )
        if error is None:
            message.status, message.sent_at, message.last_error = MailStatus.SENT, now, ""
            message.next_attempt_at = None
        elif permanent or message.attempts >= settings.KRING_MAIL_MAX_ATTEMPTS:
            message.status, message.last_error = MailStatus.FAILED, str(error)[:2000]
            message.next_attempt_at = None
        else:
            delay = settings.KRING_MAIL_BACKOFF_SECONDS * 2 ** (message.attempts - 1)
            message.status, message.last_error = MailStatus.PENDING, str(error)[:2000]
            message.next_attempt_at = now + timedelta(seconds=delay)
            # Named by path: kring.mail.tasks imports this module, not the other way round.
            enqueue_after_commit("kring.mail.tasks.deliver", str(message.pk), run_after=message.next_attempt_at)
        message.save()
    return message.status


def release_stuck() -> int:
    """Hand rows left in SENDING by a crashed worker back to the queue."""
    cutoff = timezone.now() - STUCK_AFTER
    return OutboxMessage.objects.filter(status=MailStatus.SENDING, updated_at__lt=cutoff).update(
        status=MailStatus.PENDING, next_attempt_at=None
    )


def due_messages() -> list[str]:
    """Ids of rows that should be tried now (used when a worker starts, to catch up)."""
    now = timezone.now()
    statuses = [MailStatus.PENDING] + ([MailStatus.HELD] if settings.KRING_MAIL_DELIVERY else [])
    rows = OutboxMessage.objects.filter(status__in=statuses).exclude(next_attempt_at__gt=now)
    return [str(pk) for pk in rows.values_list("pk", flat=True)]
