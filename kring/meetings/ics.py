"""iCalendar files: invitations (REQUEST), updates, cancellations (CANCEL) and feeds."""
from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from kring.accounts.models import User
from kring.groups.models import MemberRole
from kring.meetings.models import Meeting, MeetingReply, MeetingStatus, Reply

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Kring//Intervisie//NL"
REQUEST_MIMETYPE = "text/calendar; method=REQUEST"
CANCEL_MIMETYPE = "text/calendar; method=CANCEL"
# A person's answer in Kring, as iCalendar participation status (RFC 5545 3.2.12).
PARTSTAT: dict[str, str] = {Reply.ATTENDING: "ACCEPTED", Reply.NOT_ATTENDING: "DECLINED"}
NO_ANSWER = "NEEDS-ACTION"


def uid(meeting: Meeting) -> str:
    # Stable for the life of the meeting: calendars match updates and cancellations on it.
    return f"meeting-{meeting.pk}@kring"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name or email)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def organiser_address(meeting: Meeting) -> tuple[str, str]:
    facilitator = (
        meeting.group.memberships.filter(role=MemberRole.FACILITATOR).select_related("person").first()
    )
    person = facilitator.person if facilitator else meeting.organiser
    if person is not None:
        return person.email, person.name
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL or "")
    return email, name


def partstats(meeting: Meeting) -> dict[UUID, str]:
    """person id → PARTSTAT for everyone who answered in Kring."""
    return {person_id: PARTSTAT[answer] for person_id, answer in
            MeetingReply.objects.filter(meeting=meeting).values_list("person_id", "answer")}


def _event(meeting: Meeting, attendees: Iterable[User], cancelled: bool) -> Event:
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", meeting.ends_at.astimezone(AMSTERDAM))
    event.add("summary", f"Intervisie {meeting.group.name}")
    link = f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"
    description = meeting.agenda.strip()
    event.add("description", f"{description}\n\n{link}".strip() if description else link)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.online_url:
        event.add("url", meeting.online_url)
        if not meeting.location:
            event.add("location", meeting.online_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    email, name = organiser_address(meeting)
    event.add("organizer", _address(email, name))
    answered = partstats(meeting) if attendees else {}
    for person in attendees:
        event.add("attendee", _address(person.email, person.name, ROLE="REQ-PARTICIPANT",
                                       PARTSTAT=answered.get(person.pk, NO_ANSWER)))
    return event


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


def invitation(meeting: Meeting, attendees: Iterable[User]) -> bytes:
    """REQUEST for a planned or moved meeting, CANCEL for a cancelled one."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(_event(meeting, attendees, cancelled))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed(meetings: Iterable[Meeting], name: str, person: User) -> bytes:
    """A subscribable calendar of one person's meetings (no METHOD: it is published, not
    sent). The owner is the one ATTENDEE, with their own answer as PARTSTAT; the other
    members are not listed (the address may end up in places the group never sees)."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting, [person], meeting.status == MeetingStatus.CANCELLED))
    cal.add_missing_timezones()
    return cal.to_ical()
