"""Invitations, updates and cancellations over real SMTP, with .ics read back by icalendar."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kring.mail.models import MailStatus, OutboxMessage
from kring.meetings import actions, ics
from kring.meetings.models import Meeting, MeetingStatus
from kring.meetings.tests.conftest import AMSTERDAM_TZID, Circle, calendars, moved, slot, the_event
from kring.site.testing import SmtpServer, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def _plan(circle: Circle, **extra: Any) -> Meeting:
    return actions.create_meeting(circle.facilitator, circle.group, location="Buurthuis De Kring, Utrecht",
                                  **{**slot(), **extra})


def test_everyone_in_the_circle_gets_an_invitation_with_a_valid_ics(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle, online_url="https://meet.example.org/oost")
    run_tasks()
    arrived = smtp_server.received
    assert sorted(a for m in arrived for a in m.rcpt_tos) == sorted(p.email for p in circle.everyone)
    assert not smtp_server.to(circle.outsider.email) and not smtp_server.to(circle.coordinator.email)
    dutch, english = smtp_server.to(circle.members[0].email)[0], smtp_server.to(circle.members[2].email)[0]
    assert dutch.subject.strip().startswith("Uitnodiging: intervisie Intervisiegroep Oost")
    assert english.subject.strip().startswith("Invitation: intervision Intervisiegroep Oost")
    assert "live sound and video" in english.text() and "live beeld en geluid" in dutch.text()
    [part] = [p for p in dutch.attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    [cal] = calendars(dutch)
    assert str(cal["METHOD"]) == "REQUEST"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [AMSTERDAM_TZID]
    event = the_event(cal)
    assert str(event["UID"]) == ics.uid(meeting)
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == meeting.starts_at and event.decoded("DTEND") == meeting.ends_at
    assert event["DTSTART"].params["TZID"] == AMSTERDAM_TZID
    assert str(event["LOCATION"]) == "Buurthuis De Kring, Utrecht"
    assert str(event["URL"]) == "https://meet.example.org/oost"
    assert str(event["ORGANIZER"]) == f"mailto:{circle.facilitator.email}"
    attendees = event["ATTENDEE"]
    assert sorted(str(a) for a in attendees) == sorted(f"mailto:{p.email}" for p in circle.everyone)


def test_a_move_sends_an_update_and_a_cancellation_sends_cancel(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    run_tasks()
    later = moved(slot(), timedelta(days=7))
    meeting = actions.change_meeting(circle.facilitator, meeting, break_minutes=15, location=meeting.location,
                                     online_url="", agenda="", **later)
    assert meeting.status == MeetingStatus.MOVED and meeting.sequence == 1
    run_tasks()
    updates = [m for m in smtp_server.to(circle.members[0].email) if m.subject.strip().startswith("Gewijzigd")]
    assert len(updates) == 1
    event = the_event(calendars(updates[0])[0])
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == ics.uid(meeting)
    assert event.decoded("DTSTART") == later["starts_at"]

    actions.cancel_meeting(circle.facilitator, meeting)
    actions.cancel_meeting(circle.facilitator, meeting)  # a second click sends nothing more
    run_tasks()
    cancels = [m for m in smtp_server.received if m.subject.strip().startswith(("Geannuleerd", "Cancelled"))]
    assert len(cancels) == len(circle.everyone)
    [part] = [p for p in cancels[0].attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    cal = calendars(cancels[0])[0]
    event = the_event(cal)
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2 and str(event["UID"]) == ics.uid(meeting)


def test_smtp_down_for_a_while_delivers_once_it_is_back(circle: Circle, smtp_server: SmtpServer) -> None:
    smtp_server.stop()
    _plan(circle)
    run_tasks()
    assert OutboxMessage.objects.filter(status=MailStatus.PENDING, attempts=1).count() == len(circle.everyone)
    smtp_server.start()
    run_tasks()  # the retry is not due yet: nothing is sent early
    assert smtp_server.received == []
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        run_tasks()
        run_tasks()
    assert sorted(a for m in smtp_server.received for a in m.rcpt_tos) == sorted(p.email for p in circle.everyone)
    assert OutboxMessage.objects.filter(status=MailStatus.SENT).count() == len(circle.everyone)


def test_a_permanent_failure_is_shown_to_the_facilitator_and_not_retried(circle: Circle, smtp_server: SmtpServer) -> None:
    smtp_server.handler.reject_with = "550 No such user"
    meeting = _plan(circle)
    run_tasks()
    failed = OutboxMessage.objects.filter(status=MailStatus.FAILED)
    assert failed.count() == len(circle.everyone) and {m.attempts for m in failed} == {1}
    with time_machine.travel(timezone.now() + timedelta(hours=6), tick=False):
        run_tasks()
    assert {m.attempts for m in OutboxMessage.objects.filter(kind="kring.meeting.invitation")} == {1}
    client = Client()
    client.force_login(circle.facilitator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "niet kon worden bezorgd" in page and circle.members[0].email in page and "550" in page
    client.force_login(circle.members[0])
    assert "niet kon worden bezorgd" not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def _partstats(event: Any) -> dict[str, str]:
    found = event["ATTENDEE"]
    attendees = found if isinstance(found, list) else [found]  # icalendar gives one without a list
    return {str(a).removeprefix("mailto:"): str(a.params["PARTSTAT"]) for a in attendees}


def test_answers_in_kring_show_as_partstat_in_later_updates_and_the_feed(circle: Circle, smtp_server: SmtpServer) -> None:
    meeting = _plan(circle)
    anna, bram, chris = circle.members
    actions.reply(anna, meeting, "yes")
    actions.reply(bram, meeting, "yes")
    actions.reply(bram, meeting, "no")  # the last answer counts
    later = moved(slot(), timedelta(days=7))
    actions.change_meeting(circle.facilitator, meeting, break_minutes=15, location=meeting.location,
                           online_url="", agenda="", **later)
    run_tasks()
    update = next(m for m in smtp_server.to(chris.email) if m.subject.strip().startswith("Changed"))
    expected = {anna.email: "ACCEPTED", bram.email: "DECLINED", chris.email: "NEEDS-ACTION",
                circle.facilitator.email: "NEEDS-ACTION"}
    assert _partstats(the_event(calendars(update)[0])) == expected
    for person, partstat in [(anna, "ACCEPTED"), (bram, "DECLINED"), (chris, "NEEDS-ACTION")]:
        token = actions.rotate_feed(person)
        cal = Calendar.from_ical(Client().get(reverse("meetings:feed", args=[token])).content)
        assert _partstats(the_event(cal)) == {person.email: partstat}
    actions.reply(chris, meeting, "yes")
    actions.cancel_meeting(circle.facilitator, meeting)
    run_tasks()
    cancel = next(m for m in smtp_server.to(anna.email) if m.subject.strip().startswith("Geannuleerd"))
    assert _partstats(the_event(calendars(cancel)[0])) == {**expected, chris.email: "ACCEPTED"}
