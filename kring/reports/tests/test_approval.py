"""The case bringer is asked to approve her part of the report draft: a mail with no
confidential text, an item on her dashboard, and one reminder if she has not approved
after the configured delay (none once she approved, or for a request made again since)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.reports import actions
from kring.reports.models import Report
from kring.reports.record import fallback_record
from kring.reports.tests.conftest import Cast
from kring.site.testing import SmtpServer, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)  # the task worker closes connections

DELAY = timedelta(hours=settings.KRING_REPORT_APPROVAL_REMINDER_HOURS)


def dashboard(person: User) -> str:
    client = Client()
    client.force_login(person)
    return client.get(reverse("site:dashboard")).content.decode()


def subjects(smtp_server: SmtpServer, person: User) -> list[str]:
    return [m.subject for m in smtp_server.to(person.email)]


def draft(cast: Cast) -> Report:
    report = actions.draft_report(cast.facilitator, cast.meeting, fallback_record(cast.meeting))
    part = report.parts.get()
    part.learning_points = "- Ik zeg eerder nee"
    part.save()
    return report


def test_the_bringer_is_asked_by_mail_and_on_her_dashboard_and_reminded_once(cast: Cast, smtp_server: SmtpServer) -> None:
    asked_at = timezone.now()
    with time_machine.travel(asked_at, tick=False):
        draft(cast)
        run_tasks()
    (request,) = smtp_server.to(cast.bringer.email)
    assert request.subject == "Keur jouw deel van het verslag van Intervisiegroep Oost, 12 maart 2025 goed"
    body = request.text()
    assert reverse("reports:report", args=[cast.meeting.pk]) in body and "12 maart 2025" in body
    # Group, date and link only: nothing of the case leaves Kring by mail.
    for secret in ("Grenzen bij een cliënt", "Hoe bewaak ik mijn grens", "Ik zeg eerder nee", "…"):
        assert secret not in body and secret not in request.subject
    assert smtp_server.to(cast.members[1].email) == []  # nobody else is asked
    assert "Wacht op jouw goedkeuring" in dashboard(cast.bringer)
    assert "Wacht op jouw goedkeuring" not in dashboard(cast.members[1])

    with time_machine.travel(asked_at + DELAY - timedelta(minutes=5), tick=False):
        run_tasks()
    assert len(smtp_server.to(cast.bringer.email)) == 1  # not yet
    with time_machine.travel(asked_at + DELAY + timedelta(minutes=5), tick=False):
        run_tasks()
        run_tasks()
    assert subjects(smtp_server, cast.bringer)[1:] == [
        "Herinnering: keur jouw deel van het verslag van Intervisiegroep Oost, 12 maart 2025 goed"]
    assert "Grenzen bij een cliënt" not in smtp_server.to(cast.bringer.email)[1].text()

    actions.approve_part(cast.bringer, Report.objects.get(meeting=cast.meeting).parts.get())
    assert "Wacht op jouw goedkeuring" not in dashboard(cast.bringer)


def test_no_reminder_once_approved_and_an_edit_asks_again_with_its_own_reminder(cast: Cast, smtp_server: SmtpServer) -> None:
    asked_at = timezone.now()
    with time_machine.travel(asked_at, tick=False):
        report = draft(cast)
        part = report.parts.get()
        actions.approve_part(cast.bringer, part)
    # Ten hours later the facilitator changes her part: her approval is reset, she is asked again.
    edited_at = asked_at + timedelta(hours=10)
    with time_machine.travel(edited_at, tick=False):
        report.refresh_from_db()
        part.refresh_from_db()
        values = {f: getattr(part, f) for f in actions.PART_FIELDS} | {"advice": "- Bel eerst de teamleider"}
        actions.update_report(cast.facilitator, report, version=report.version, summary=report.summary, phases="",
                              yields="", note_taker=None, parts={str(part.pk): values})
    # The first request's reminder falls due: superseded by the new request, so no mail.
    with time_machine.travel(asked_at + DELAY + timedelta(minutes=5), tick=False):
        run_tasks()
    assert len(subjects(smtp_server, cast.bringer)) == 2 and not any(s.startswith("Herinnering") for s in subjects(smtp_server, cast.bringer))
    with time_machine.travel(edited_at + DELAY + timedelta(minutes=5), tick=False):
        run_tasks()
    assert subjects(smtp_server, cast.bringer)[-1].startswith("Herinnering")

    # Asked again, approved at once, the report sent: that request's reminder never goes.
    with time_machine.travel(edited_at + 2 * DELAY, tick=False):
        actions.approve_part(cast.bringer, part)
        report.refresh_from_db()
        values["advice"] = "- Bel eerst de teamleider, dan de ouders"
        actions.update_report(cast.facilitator, report, version=report.version, summary=report.summary, phases="",
                              yields="", note_taker=None, parts={str(part.pk): values})
        actions.approve_part(cast.bringer, part)
        actions.send_report(cast.facilitator, report)
    with time_machine.travel(edited_at + 4 * DELAY, tick=False):
        run_tasks()
    sent = subjects(smtp_server, cast.bringer)
    assert sum(s.startswith("Keur jouw deel") for s in sent) == 3 and sum(s.startswith("Herinnering") for s in sent) == 1
