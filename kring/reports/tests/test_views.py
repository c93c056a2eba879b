"""Bad input through the pages: clear Dutch messages, nothing saved lost; members see only
their own attendance; the sent report really leaves through SMTP."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.reports import actions
from kring.reports.models import Report
from kring.reports.record import fallback_record
from kring.reports.tests.conftest import Cast
from kring.site.testing import SmtpServer, run_tasks

pytestmark = pytest.mark.django_db


def client_for(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_too_long_or_stale_report_edits_are_refused_and_lose_nothing(cast: Cast) -> None:
    report = actions.draft_report(cast.facilitator, cast.meeting, fallback_record(cast.meeting))
    part = report.parts.get()
    url = reverse("reports:report_edit", args=[cast.meeting.pk])
    data = {"version": report.version, "summary": "x" * 20_001, "phases": "", "yields": "",
            f"{part.pk}-title": part.title, f"{part.pk}-question": part.question}
    response = client_for(cast.facilitator).post(url, data)
    assert response.status_code == 422 and "20000" in response.content.decode().replace(".", "")
    data.update(summary="Eerste versie ✓ — ünïcode", version=report.version)
    assert client_for(cast.facilitator).post(url, data).status_code == 302
    data.update(summary="overschreven?")  # same, now stale, version
    response = client_for(cast.facilitator).post(url, data)
    assert response.status_code == 422 and "ondertussen gewijzigd" in response.content.decode()
    assert Report.objects.get(pk=report.pk).summary == "Eerste versie ✓ — ünïcode"
    data.update(version="geen getal")
    assert client_for(cast.facilitator).post(url, data).status_code == 422


def test_partly_present_outside_the_meeting_is_refused(cast: Cast) -> None:
    sheet = actions.prepare_sheet(cast.facilitator, cast.meeting, None)
    line = sheet.lines.get(person=cast.members[1])
    data = {"started_at": "2025-03-12T19:00", "ended_at": "2025-03-12T21:30", "break_minutes": "15", "topics": "",
            "confirm": "1"}
    for other in sheet.lines.all():
        data[f"{other.pk}-status"] = "present"
        data[f"{other.pk}-mode"] = "in_person"
    data[f"{line.pk}-status"] = "partly"
    data[f"{line.pk}-present_from"] = "18:00"
    data[f"{line.pk}-present_until"] = "20:00"
    response = client_for(cast.facilitator).post(reverse("reports:attendance", args=[cast.meeting.pk]), data)
    assert response.status_code == 422 and "Saïd Deelnemer: bij gedeeltelijk aanwezig" in response.content.decode()
    sheet.refresh_from_db()
    assert not sheet.is_confirmed
    data[f"{line.pk}-present_from"] = "19:30"
    assert client_for(cast.facilitator).post(reverse("reports:attendance", args=[cast.meeting.pk]), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_confirmed


def test_members_see_only_their_own_attendance(cast: Cast) -> None:
    actions.prepare_sheet(cast.facilitator, cast.meeting, None)
    page = client_for(cast.members[1]).get(reverse("reports:attendance", args=[cast.meeting.pk])).content.decode()
    assert "Aanwezig" in page or "aanwezig" in page
    assert "Joost Jansen" not in page and "Anouk de Vries" not in page


@pytest.mark.django_db(transaction=True)  # the worker closes connections
def test_the_sent_report_is_delivered_by_smtp(cast: Cast, smtp_server: SmtpServer) -> None:
    report = actions.draft_report(cast.facilitator, cast.meeting, fallback_record(cast.meeting))
    actions.approve_part(cast.bringer, report.parts.get())
    client_for(cast.facilitator).post(reverse("reports:report_send", args=[cast.meeting.pk]))
    run_tasks()
    (mail,) = smtp_server.to(cast.members[3].email)
    assert "Verslag van Intervisiegroep Oost" in mail.subject and "Grenzen bij een cliënt" in mail.text()
