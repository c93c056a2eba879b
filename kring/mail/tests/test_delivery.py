"""Outbox delivery against a real SMTP server (aiosmtpd) on loopback."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from pytest_django import Settings

from kring.groups.actions import add_member
from kring.mail.actions import Attachment, queue_mail, queue_rendered_mail
from kring.mail.delivery import deliver_now, release_stuck
from kring.mail.models import MailStatus, OutboxMessage
from kring.organisations.models import OrgRole
from kring.site.testing import SmtpServer, join_org, make_group, make_org, make_person, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(to: str = "ilse@example.org", **kw: Any) -> OutboxMessage:
    with transaction.atomic():
        return queue_rendered_mail(kind="kring.test", to_email=to, subject="Onderwerp", body_text="Tekst", **kw)


def test_mail_is_delivered_after_commit_and_recorded(smtp_server: SmtpServer) -> None:
    message = _queue(body_html="<p>Tekst</p>")
    run_tasks()
    [received] = smtp_server.received
    assert received.rcpt_tos == ["ilse@example.org"]
    assert received.subject == "Onderwerp" and received.text().strip() == "Tekst"
    message.refresh_from_db()
    assert message.status == MailStatus.SENT and message.attempts == 1
    assert message.delivery_attempts.get().ok


def test_a_rolled_back_change_sends_nothing(smtp_server: SmtpServer) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            queue_rendered_mail(kind="kring.test", to_email="x@example.org", subject="S", body_text="T")
            raise RuntimeError("the change that caused the mail failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    run_tasks()
    assert OutboxMessage.objects.count() == 0 and smtp_server.received == []


def test_mail_is_rendered_in_each_recipients_language(smtp_server: SmtpServer) -> None:
    org = make_org()
    coordinator = make_person("Carla Coordinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, name="Groep Zon")
    dutch, english = make_person("Daan Dutch", language="nl"), make_person("Emma English", language="en")
    with transaction.atomic():
        add_member(coordinator, group, dutch)
        add_member(coordinator, group, english)
    run_tasks()
    [nl] = smtp_server.to(dutch.email)
    [en] = smtp_server.to(english.email)
    assert nl.subject == "Welkom bij Groep Zon" and "Hallo Daan Dutch" in nl.text()
    assert en.subject == "Welcome to Groep Zon" and "Hello Emma English" in en.text()
    assert nl.message["Content-Language"] == "nl" and en.message["Content-Language"] == "en"


def test_server_down_then_back_delivers_exactly_once(smtp_server: SmtpServer, settings: Settings) -> None:
    settings.KRING_MAIL_BACKOFF_SECONDS = 60
    smtp_server.stop()
    message = _queue()
    run_tasks()
    message.refresh_from_db()
    assert message.status == MailStatus.PENDING and message.attempts == 1 and message.last_error
    smtp_server.start()
    run_tasks()  # the retry is not due yet: nothing is sent early
    assert smtp_server.received == []
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        run_tasks()
        run_tasks()  # a second worker pass must not send it again
    assert len(smtp_server.received) == 1
    message.refresh_from_db()
    assert message.status == MailStatus.SENT and message.attempts == 2
    assert [a.ok for a in message.delivery_attempts.all()] == [False, True]


def test_permanent_failure_is_not_retried(smtp_server: SmtpServer) -> None:
    smtp_server.handler.reject_with = "550 No such user here"
    message = _queue(to="nobody@example.org")
    run_tasks()
    message.refresh_from_db()
    assert message.status == MailStatus.FAILED and message.attempts == 1
    assert "No such user" in message.last_error
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        run_tasks()
    message.refresh_from_db()
    assert message.attempts == 1


def test_gives_up_after_the_maximum_attempts(smtp_server: SmtpServer, settings: Settings) -> None:
    settings.KRING_MAIL_MAX_ATTEMPTS = 2
    smtp_server.stop()
    message = _queue()
    run_tasks()
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        run_tasks()
    message.refresh_from_db()
    assert message.status == MailStatus.FAILED and message.attempts == 2


def test_a_row_is_never_sent_twice(smtp_server: SmtpServer) -> None:
    message = _queue()
    assert deliver_now(str(message.pk)) == MailStatus.SENT
    assert deliver_now(str(message.pk)) is None
    run_tasks()
    assert len(smtp_server.received) == 1


def test_dedupe_key_queues_a_mail_once(smtp_server: SmtpServer) -> None:
    first = _queue(dedupe_key="digest:1:2")
    second = _queue(dedupe_key="digest:1:2")
    assert first.pk == second.pk
    run_tasks()
    assert len(smtp_server.received) == 1


def test_without_smtp_mail_stays_in_the_outbox(settings: Settings) -> None:
    settings.KRING_MAIL_DELIVERY = False
    message = _queue()
    run_tasks()
    message.refresh_from_db()
    assert message.status == MailStatus.HELD and message.attempts == 0


def test_calendar_attachment_keeps_its_method(smtp_server: SmtpServer) -> None:
    ics = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    _queue(attachments=[Attachment("uitnodiging.ics", ics, "text/calendar; method=REQUEST")])
    run_tasks()
    [att] = smtp_server.received[0].attachments()
    assert att.get_content_type() == "text/calendar" and att.get_param("method") == "REQUEST"
    assert att.get_filename() == "uitnodiging.ics" and "METHOD:REQUEST" in att.get_content()


def test_a_crashed_send_is_released_after_the_grace_period(smtp_server: SmtpServer) -> None:
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=MailStatus.SENDING)
    assert release_stuck() == 0  # too recent: it may still be sending
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert release_stuck() == 1


def test_template_mail_uses_recipient_language() -> None:
    person = make_person("Ed English", language="en")
    with transaction.atomic():
        msg = queue_mail("kring.test", person, "groups/welcome", {"group_name": "G", "group_id": "00000000-0000-0000-0000-000000000000"})
    assert msg.language == "en" and msg.subject == "Welcome to G"
