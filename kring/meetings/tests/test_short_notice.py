"""A meeting planned at shorter notice than the group's digest days: the call goes out,
cases stay open for the first half of the notice, the digest follows, and the reminder
says "today" or "tomorrow" by the local calendar, not by the hours left."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kring.cases import actions as case_actions
from kring.core.errors import Refused
from kring.meetings import actions
from kring.meetings.models import Meeting
from kring.meetings.queries import due_times
from kring.meetings.tests.conftest import Circle
from kring.site.testing import ReceivedMail, SmtpServer, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Monday morning in December (winter time, UTC+1).
MONDAY_10 = datetime(2026, 12, 7, 10, 0, tzinfo=AMSTERDAM)


def _at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def _plan(circle: Circle, starts_at: datetime) -> Meeting:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", starts_at=starts_at,
                                     ends_at=starts_at + timedelta(hours=2))
    run_tasks()
    return meeting


def _starting(smtp_server: SmtpServer, *starts: str) -> list[ReceivedMail]:
    return [m for m in smtp_server.received if m.subject.strip().startswith(starts)]


def test_two_days_notice_keeps_cases_open_for_a_day_then_sends_the_digest(circle: Circle,
                                                                         smtp_server: SmtpServer) -> None:
    anna = circle.members[0]
    with _at(MONDAY_10):
        meeting = _plan(circle, MONDAY_10 + timedelta(days=2, hours=9))  # Wednesday 19:00; digest days: 3
        # The call went out at once (its day had passed), the digest did not.
        assert len(_starting(smtp_server, "Breng een casus in", "Bring a case")) == len(circle.members)
        assert _starting(smtp_server, "Casussen voor", "Cases for") == []
        case_actions.submit_case(anna, meeting, title="Ouder zegt steeds af", situation="Drie keer afgezegd.",
                                 question="Hoe houd ik contact?")
    cut_off = due_times(meeting)["digest"]
    assert cut_off == MONDAY_10 + timedelta(days=1, hours=4, minutes=30)  # half of the 57 hours' notice
    with _at(cut_off - timedelta(minutes=1)):
        run_tasks()
        case_actions.update_case(anna, meeting.cases.get(), title="Ouder zegt steeds af", situation="Vier keer.",
                                 question="Hoe houd ik contact?")
    assert _starting(smtp_server, "Casussen voor", "Cases for") == []
    with _at(cut_off):
        run_tasks()
        with pytest.raises(Refused):
            case_actions.submit_case(circle.members[1], meeting, title="Te laat", situation="x", question="y")
    digests = _starting(smtp_server, "Casussen voor", "Cases for")
    assert len(digests) == len(circle.everyone)
    assert "Ouder zegt steeds af" in smtp_server.to(anna.email)[-1].text()


def test_a_meeting_tonight_is_reminded_as_today_after_the_digest(circle: Circle, smtp_server: SmtpServer) -> None:
    tonight = MONDAY_10.replace(hour=19)
    with _at(MONDAY_10):
        meeting = _plan(circle, tonight)
    times = due_times(meeting)
    assert times["digest"] == MONDAY_10.replace(hour=14, minute=30)
    assert times["reminder"] == MONDAY_10.replace(hour=16, minute=45)
    with _at(times["reminder"] - timedelta(minutes=1)):
        run_tasks()
    assert _starting(smtp_server, "Vandaag:", "Today:", "Morgen:", "Tomorrow:") == []
    with _at(times["reminder"]):
        run_tasks()
    assert _starting(smtp_server, "Morgen:", "Tomorrow:") == []
    dutch = _starting(smtp_server, "Vandaag:")
    assert len(dutch) == len(circle.everyone) - 1  # Chris reads English
    assert "vandaag" in dutch[0].text()
    assert len(_starting(smtp_server, "Today:")) == 1


def test_the_reminder_says_tomorrow_by_the_calendar_day(circle: Circle, smtp_server: SmtpServer) -> None:
    # Tuesday 08:30, planned with a month's notice: the reminder goes on Monday 08:30.
    with _at(MONDAY_10 - timedelta(days=30)):
        meeting = _plan(circle, MONDAY_10.replace(hour=8, minute=30) + timedelta(days=1))
    with _at(due_times(meeting)["reminder"]):
        run_tasks()
    assert len(_starting(smtp_server, "Morgen:", "Tomorrow:")) == len(circle.everyone)


def test_a_worker_late_by_a_day_says_today_not_tomorrow(circle: Circle, smtp_server: SmtpServer) -> None:
    wednesday_19 = MONDAY_10.replace(hour=19) + timedelta(days=2)
    with _at(MONDAY_10 - timedelta(days=30)):
        _plan(circle, wednesday_19)
    with _at(wednesday_19 - timedelta(hours=3)):  # the worker was down since Monday
        run_tasks()
    assert _starting(smtp_server, "Morgen:", "Tomorrow:") == []
    assert len(_starting(smtp_server, "Vandaag:", "Today:")) == len(circle.everyone)


def test_a_moved_meeting_is_timed_from_the_move(circle: Circle, smtp_server: SmtpServer) -> None:
    with _at(MONDAY_10 - timedelta(days=30)):
        meeting = _plan(circle, MONDAY_10 + timedelta(days=10))
    thursday_19 = MONDAY_10.replace(hour=19) + timedelta(days=3)
    with _at(MONDAY_10):
        meeting = actions.change_meeting(circle.facilitator, meeting, starts_at=thursday_19,
                                         ends_at=thursday_19 + timedelta(hours=2), break_minutes=15,
                                         location="Utrecht", online_url="", agenda="")
        run_tasks()
    assert due_times(meeting)["digest"] == MONDAY_10 + (thursday_19 - MONDAY_10) / 2
    assert _starting(smtp_server, "Casussen voor", "Cases for") == []
