"""Call for cases, digest and reminder: scheduled with the tasks framework, re-checked
when they run, sent once, and caught up after a worker outage."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from kring.cases import actions as case_actions
from kring.core.errors import Refused
from kring.meetings import actions
from kring.meetings.models import Meeting
from kring.meetings.tests.conftest import Circle, moved, slot
from kring.site.testing import ReceivedMail, SmtpServer, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def _subjects(smtp_server: SmtpServer, start: str) -> list[ReceivedMail]:
    return [m for m in smtp_server.received if m.subject.strip().startswith(start)]


def _plan(circle: Circle, days: int = 30) -> Meeting:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot(days))
    run_tasks()  # the invitations
    return meeting


def _at(moment: Any) -> Any:
    return time_machine.travel(moment, tick=False)


def test_call_digest_and_reminder_each_go_out_once_at_their_time(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    anna, bram, chris = circle.members
    with _at(meeting.starts_at - timedelta(days=15)):
        run_tasks()
    assert _subjects(smtp_server, "Breng een casus in") == []
    with _at(meeting.starts_at - timedelta(days=14, minutes=-1)):
        run_tasks()
        run_tasks()
        case_actions.submit_case(anna, meeting, title="Ouder zegt steeds af", situation="Drie keer afgezegd.",
                                 question="Hoe houd ik contact?")
        case_actions.submit_case(bram, meeting, title="Grens bij collega", situation="Een collega belt 's avonds.",
                                 question="Hoe geef ik mijn grens aan?", wish="Advies")
    calls = _subjects(smtp_server, "Breng een casus in") + _subjects(smtp_server, "Bring a case")
    assert sorted(a for m in calls for a in m.rcpt_tos) == sorted(p.email for p in circle.members)
    with _at(meeting.starts_at - timedelta(days=3, minutes=-1)):
        run_tasks()
        run_tasks()
        with pytest.raises(Refused):  # the digest froze the cases
            case_actions.submit_case(chris, meeting, title="Te laat", situation="x", question="y")
    digests = _subjects(smtp_server, "Casussen voor") + _subjects(smtp_server, "Cases for")
    assert sorted(a for m in digests for a in m.rcpt_tos) == sorted(p.email for p in circle.everyone)
    dutch = smtp_server.to(anna.email)[-1].text()
    # Titles and a link; the text of a case stays in Kring (the group did not opt in).
    assert "Ouder zegt steeds af" in dutch and "Grens bij collega" in dutch and f"/bijeenkomsten/{meeting.pk}/" in dutch
    assert "Hoe geef ik mijn grens aan?" not in dutch and "Drie keer afgezegd." not in dutch
    english = next(m for m in smtp_server.to(chris.email) if m.subject.strip().startswith("Cases for")).text()
    assert "These 2 cases have been submitted" in english
    with _at(meeting.starts_at - timedelta(hours=23)):
        run_tasks()
    reminders = _subjects(smtp_server, "Morgen:") + _subjects(smtp_server, "Tomorrow:")
    assert len(reminders) == len(circle.everyone)
    with _at(meeting.starts_at - timedelta(hours=1)):
        run_tasks()  # nothing left: nothing is sent twice
    assert len(smtp_server.received) == 4 + 3 + 4 + 4


def test_digest_without_cases_says_so(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    with _at(meeting.starts_at - timedelta(days=2)):
        run_tasks()
    digest = next(m for m in smtp_server.to(circle.members[0].email) if "Casussen" in m.subject)
    assert "nog geen casussen ingebracht" in digest.text()


def test_a_moved_meeting_moves_its_mails(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    old_start = meeting.starts_at
    later = moved(slot(), timedelta(days=14))
    actions.change_meeting(circle.facilitator, meeting, break_minutes=15, location="Utrecht", online_url="",
                           agenda="", **later)
    run_tasks()
    before = len(smtp_server.received)
    with _at(old_start - timedelta(days=2)):
        run_tasks()  # the old digest and call see the new time and do nothing
    assert len(smtp_server.received) == before
    with _at(later["starts_at"] - timedelta(days=2)):
        run_tasks()
    digests = _subjects(smtp_server, "Casussen voor") + _subjects(smtp_server, "Cases for")
    assert len(digests) == len(circle.everyone)
    assert all(later["starts_at"].strftime("%Y") in m.subject for m in digests)


def test_a_cancelled_meeting_sends_no_scheduled_mail(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    actions.cancel_meeting(circle.facilitator, meeting)
    run_tasks()
    before = len(smtp_server.received)
    with _at(meeting.starts_at - timedelta(hours=2)):
        run_tasks()
    assert len(smtp_server.received) == before


def test_a_worker_that_was_down_catches_up(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    # The worker was down from before the call until after the digest time: it sends the
    # digest (the call would come too late), and nothing twice when it runs again.
    with _at(meeting.starts_at - timedelta(days=2)):
        run_tasks()
        run_tasks()
    assert _subjects(smtp_server, "Breng een casus in") == []
    assert len(_subjects(smtp_server, "Casussen voor") + _subjects(smtp_server, "Cases for")) == len(circle.everyone)


def test_a_worker_back_before_the_digest_sends_the_late_call(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    with _at(meeting.starts_at - timedelta(days=5)):
        run_tasks()
    assert len(_subjects(smtp_server, "Breng een casus in") + _subjects(smtp_server, "Bring a case")) == 3


def _calls(smtp_server: SmtpServer) -> list[ReceivedMail]:
    return _subjects(smtp_server, "Breng een casus in") + _subjects(smtp_server, "Bring a case")


def _digests(smtp_server: SmtpServer) -> list[ReceivedMail]:
    return _subjects(smtp_server, "Casussen voor") + _subjects(smtp_server, "Cases for")


def test_new_days_in_the_settings_move_the_pending_mails(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    with _at(meeting.starts_at - timedelta(days=20)):
        actions.update_settings(circle.facilitator, circle.group, call_days_before=7, digest_days_before=2,
                                agenda_template="")
    with _at(meeting.starts_at - timedelta(days=14, minutes=-1)):
        run_tasks()  # the call planned for the old day finds it is not due any more
    with _at(meeting.starts_at - timedelta(days=7, minutes=1)):
        run_tasks()
    assert _calls(smtp_server) == []
    with _at(meeting.starts_at - timedelta(days=7, minutes=-1)):
        run_tasks()
    assert sorted(a for m in _calls(smtp_server) for a in m.rcpt_tos) == sorted(p.email for p in circle.members)
    with _at(meeting.starts_at - timedelta(days=3, minutes=-1)):
        run_tasks()
    assert _digests(smtp_server) == []
    with _at(meeting.starts_at - timedelta(days=2, minutes=-1)):
        run_tasks()
        run_tasks()
    assert len(_digests(smtp_server)) == len(circle.everyone)
    with _at(meeting.starts_at - timedelta(hours=1)):
        run_tasks()
    assert len(_calls(smtp_server)) == 3 and len(_digests(smtp_server)) == len(circle.everyone)


def test_earlier_days_catch_up_at_once_and_nothing_is_sent_twice(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    with _at(meeting.starts_at - timedelta(days=16)):
        # 16 days before: the call (now 18 days before) is overdue and goes out right away.
        actions.update_settings(circle.facilitator, circle.group, call_days_before=18, digest_days_before=5,
                                agenda_template="")
        run_tasks()
    assert len(_calls(smtp_server)) == 3
    with _at(meeting.starts_at - timedelta(days=5, minutes=-1)):
        run_tasks()  # the old call (14 days before) finds it sent; the new digest goes out
    assert len(_calls(smtp_server)) == 3 and len(_digests(smtp_server)) == len(circle.everyone)
    with _at(meeting.starts_at - timedelta(days=4)):
        # Changing the days again after both went out sends nothing more.
        actions.update_settings(circle.facilitator, circle.group, call_days_before=10, digest_days_before=4,
                                agenda_template="")
        run_tasks()
    with _at(meeting.starts_at - timedelta(days=2, minutes=-1)):
        run_tasks()
    assert len(_calls(smtp_server)) == 3 and len(_digests(smtp_server)) == len(circle.everyone)
