"""Writing mail means writing outbox rows. Call these inside the transaction of the change
that causes the mail; delivery is enqueued only after that transaction commits."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from kring.core.tasks import enqueue_after_commit
from kring.mail.models import MailStatus, OutboxAttachment, OutboxMessage

# The template engine (settings.TEMPLATES) that does not HTML-escape: plain-text mail must
# read "Intervisie & de therapeutische relatie", not "&amp;".
TEXT_ENGINE = "text"


class Recipient(Protocol):
    """Whoever a mail goes to: a person (``kring.accounts.models.User``, a higher layer
    this area does not import)."""

    @property
    def pk(self) -> Any: ...

    @property
    def email(self) -> str: ...

    @property
    def language(self) -> str: ...


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def queue_rendered_mail(
    *,
    kind: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    recipient: Recipient | None = None,
    language: str | None = None,
    attachments: list[Attachment] | None = None,
    dedupe_key: str | None = None,
    about: models.Model | None = None,
) -> OutboxMessage:
    """Store one ready mail. With a ``dedupe_key`` that was used before, nothing new is
    stored and the earlier message is returned: a mail is never queued twice."""
    if dedupe_key:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():  # savepoint: a lost dedupe race must not poison the caller
            message = OutboxMessage.objects.create(
                kind=kind,
                recipient_id=recipient.pk if recipient is not None else None,
                to_email=to_email,
                language=language or translation.get_language() or settings.LANGUAGE_CODE,
                subject=" ".join(subject.split())[:300],
                body_text=body_text,
                body_html=body_html or "",
                status=MailStatus.PENDING,
                dedupe_key=dedupe_key,
                about_type=about._meta.label_lower if about is not None else "",
                about_id=str(about.pk) if about is not None else "",
            )
    except IntegrityError:
        if dedupe_key:
            return OutboxMessage.objects.get(dedupe_key=dedupe_key)
        raise
    for att in attachments or []:
        OutboxAttachment.objects.create(
            message=message, filename=att.filename, mimetype=att.mimetype, content=att.content
        )
    enqueue_after_commit("kring.mail.tasks.deliver", str(message.pk))
    return message


def render_mail(template_prefix: str, context: dict[str, Any], language: str) -> tuple[str, str, str | None]:
    """Render ``<prefix>/subject.txt``, ``body.txt`` and optional ``body.html`` in a language."""
    ctx = {"SITE_URL": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}/subject.txt", ctx, using=TEXT_ENGINE)
        text = render_to_string(f"{template_prefix}/body.txt", ctx, using=TEXT_ENGINE)
        try:
            html: str | None = render_to_string(f"{template_prefix}/body.html", ctx)
        except TemplateDoesNotExist:
            html = None
    return subject, text, html


def queue_mail(
    kind: str,
    recipient: Recipient,
    template_prefix: str,
    context: dict[str, Any],
    *,
    attachments: list[Attachment] | None = None,
    dedupe_key: str | None = None,
    about: models.Model | None = None,
) -> OutboxMessage:
    """Render a mail in the recipient's own language and store it in the outbox."""
    language = recipient.language or settings.LANGUAGE_CODE
    subject, text, html = render_mail(template_prefix, {"recipient": recipient, **context}, language)
    return queue_rendered_mail(
        kind=kind,
        to_email=recipient.email,
        subject=subject,
        body_text=text,
        body_html=html,
        recipient=recipient,
        language=language,
        attachments=attachments,
        dedupe_key=dedupe_key,
        about=about,
    )
