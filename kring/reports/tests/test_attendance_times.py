"""Attendance is checked against the meeting's real times: outside them only with a reason,
never in the future; a change after confirmation needs a new confirmation, the page shows
who changed what, and the certificate states confirmed times only."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Register, Registration, User
from kring.core.errors import Refused
from kring.reports import actions, evidence, sheet_checks
from kring.reports.models import AttendanceSheet
from kring.reports.tests.conftest import Cast, at, make_meeting
from kring.reports.tests.test_evidence import text_of
from kring.reports.tests.test_reports import record

pytestmark = pytest.mark.django_db
NOW = "2025-06-01T12:00:00+02:00"


def client_for(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def form(sheet: AttendanceSheet, start: str, end: str, **extra: str) -> dict[str, str]:
    data = {"started_at": start, "ended_at": end, "break_minutes": "15", "topics": "Grenzen", "reason": "", **extra}
    for line in sheet.lines.all():
        data.setdefault(f"{line.pk}-status", "present")
        data.setdefault(f"{line.pk}-mode", "in_person")
    return data


def test_a_start_before_the_meeting_needs_a_reason_and_an_end_in_the_future_is_refused(cast: Cast) -> None:
    sheet = actions.prepare_sheet(cast.facilitator, cast.meeting, None)
    url = reverse("reports:attendance", args=[cast.meeting.pk])
    with time_machine.travel(NOW):
        response = client_for(cast.facilitator).post(url, form(sheet, "2025-03-12T16:30", "2025-03-12T21:30", confirm="1"))
        page = response.content.decode()
        assert response.status_code == 422
        assert "De start 16:30 ligt 2:30 uur vóór het begin van de bijeenkomst (19:00, zoals gepland)." in page
        sheet.refresh_from_db()
        assert timezone.localtime(sheet.started_at).hour == 19 and not sheet.is_confirmed  # nothing saved
        # With a reason the facilitator may: it is kept with the change.
        reason = "De check-in begon om half vijf in de tuin"
        response = client_for(cast.facilitator).post(
            url, form(sheet, "2025-03-12T16:30", "2025-03-12T21:30", confirm="1", reason=reason))
        assert response.status_code == 302
        sheet.refresh_from_db()
        assert sheet.started_at == at("2025-03-12", "16:30") and sheet.is_confirmed
        page = client_for(cast.facilitator).get(url).content.decode()
        assert reason in page and "Start: 12 maart 2025 19:00 → 12 maart 2025 16:30" in page
        # The reason stands in the form: a later save of the same times does not ask it again.
        assert f'value="{reason}"' in page

    # A meeting still going on: its end cannot be confirmed yet, whatever the reason.
    today = timezone.localtime()
    running = make_meeting(cast.group, today.date().isoformat(), start=(today - timedelta(hours=1)).strftime("%H:%M"),
                           end=(today + timedelta(hours=1)).strftime("%H:%M"))
    sheet = actions.prepare_sheet(cast.facilitator, running, None)
    with pytest.raises(Refused, match="in de toekomst"):
        actions.update_attendance(cast.facilitator, sheet, started_at=sheet.started_at, ended_at=sheet.ended_at,
                                  break_minutes=0, topics="", lines={}, confirm=True, reason="echt waar")


def test_the_live_run_is_the_real_time(cast: Cast) -> None:
    """Run live 19:05–21:30: 19:00, the planned start, was not the real start."""
    live = record(cast)
    sheet = actions.prepare_sheet(cast.facilitator, cast.meeting, live)
    assert sheet.started_at == at("2025-03-12", "19:05")
    with time_machine.travel(NOW), pytest.raises(Refused, match=r"19:00 ligt 0:05 uur vóór .*zoals live in Kring"):
        actions.update_attendance(cast.facilitator, sheet, started_at=at("2025-03-12", "19:00"), ended_at=sheet.ended_at,
                                  break_minutes=15, topics="", lines={}, confirm=True, record=live)
    with time_machine.travel(NOW), pytest.raises(Refused, match="22:00 ligt 0:30 uur na het einde"):
        actions.update_attendance(cast.facilitator, sheet, started_at=sheet.started_at, ended_at=at("2025-03-12", "22:00"),
                                  break_minutes=15, topics="", lines={}, confirm=True, record=live)


def test_a_change_after_confirmation_withdraws_it_shows_who_changed_what_and_the_certificate_waits(cast: Cast) -> None:
    anouk = cast.members[2]
    registration = Registration.objects.create(person=anouk, register=Register.objects.get(code="nip"), number="NIP-9")
    sheet = actions.prepare_sheet(cast.facilitator, cast.meeting, None)
    url = reverse("reports:attendance", args=[cast.meeting.pk])
    facilitator = client_for(cast.facilitator)
    with time_machine.travel(NOW):
        assert facilitator.post(url, form(sheet, "2025-03-12T19:00", "2025-03-12T21:30", confirm="1")).status_code == 302
        first = evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 5, 31))
        assert "19:00–21:30" in text_of(bytes(first.pdf))

        # Ended early after all, and Joost left at half past eight.
        joost = sheet.lines.get(person=cast.members[3])
        changed = form(sheet, "2025-03-12T19:00", "2025-03-12T21:00", save="1", **{
            f"{joost.pk}-status": "partly", f"{joost.pk}-present_from": "19:00", f"{joost.pk}-present_until": "20:30"})
        response = facilitator.post(url, changed, follow=True)
        page = response.content.decode()
        sheet.refresh_from_db()
        assert not sheet.is_confirmed
        assert "bevestig de aanwezigheid opnieuw" in page
        assert "Femke Begeleider" in page and "Einde: 12 maart 2025 21:30 → 12 maart 2025 21:00" in page
        assert "Joost Jansen, aanwezigheid: aanwezig → gedeeltelijk aanwezig" in page
        assert "Joost Jansen, aanwezig tot: – → 12 maart 2025 20:30" in page
        assert "de bevestiging is ingetrokken" in page
        # Until it is confirmed again, the changed times are on no certificate, nor are the old ones.
        with pytest.raises(Refused):
            evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 5, 31))

        assert facilitator.post(url, changed | {"confirm": "1"}).status_code == 302
        again = evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 5, 31))
    text = text_of(bytes(again.pdf))
    assert "19:00–21:00" in text and "21:30" not in text


def test_times_to_the_minute_of_a_run_recorded_to_the_second_are_within_it(cast: Cast) -> None:
    real = sheet_checks.RealTimes(at("2025-03-12", "19:05") + timedelta(seconds=37),
                                  at("2025-03-12", "21:12") + timedelta(seconds=5), live=True)
    assert sheet_checks.deviations(real, at("2025-03-12", "19:05"), at("2025-03-12", "21:13")) == []
    assert len(sheet_checks.deviations(real, at("2025-03-12", "19:04"), at("2025-03-12", "21:14"))) == 2
