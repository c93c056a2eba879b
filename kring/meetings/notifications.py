"""Mail the meetings area sends: invitations (with an .ics), the call for cases, the
reminder and the date-poll mails. Called inside the transaction that causes them, so the
outbox rows commit with the change. (The digest is the cases area's: it answers
``meetings.signals.digest_due``.)"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_people, members
from kring.mail.actions import Attachment, queue_mail
from kring.meetings import ics
from kring.meetings.models import ACTIVE_STATUSES, DatePoll, Meeting, MeetingStatus
from kring.meetings.queries import days_until


@dataclass(frozen=True)
class _CalendarMail:
    kind: str  # the outbox kind
    template: str
    dedupe: str  # how its dedupe keys start
    mimetype: str


INVITATION = _CalendarMail("kring.meeting.invitation", "meetings/mail/invitation", "meetings.invitation",
                           ics.REQUEST_MIMETYPE)
CANCELLATION = _CalendarMail("kring.meeting.cancelled", "meetings/mail/cancelled", "meetings.cancelled",
                             ics.CANCEL_MIMETYPE)


def _stamp(meeting: Meeting) -> int:
    # In the dedupe keys of the scheduled mails: a moved meeting gets its mails again.
    return int(meeting.starts_at.timestamp())


def send_invitations(meeting: Meeting) -> int:
    """Invitation (or update, or cancellation) with an .ics to everyone in the circle.
    Deduplicated per SEQUENCE: whoever already has this version gets nothing twice."""
    people = list(circle_people(meeting.group))
    content = ics.invitation(meeting, people)
    mail = CANCELLATION if meeting.status == MeetingStatus.CANCELLED else INVITATION
    for person in people:
        queue_mail(
            mail.kind, person, mail.template,
            {"meeting": meeting, "group": meeting.group, "update": meeting.sequence > 0},
            attachments=[Attachment("intervisie.ics", content, mail.mimetype)],
            dedupe_key=f"{mail.dedupe}:{meeting.pk}:{person.pk}:{meeting.sequence}",
            about=meeting,
        )
    return len(people)


def invite_to_upcoming(group: IntervisionGroup) -> None:
    """Send the invitations of every upcoming meeting to whoever in the circle lacks one."""
    for meeting in group.meetings.filter(starts_at__gt=timezone.now(), status__in=ACTIVE_STATUSES):
        send_invitations(meeting)


def call_for_cases(meeting: Meeting, digest_at: datetime) -> None:
    """Ask the members to bring a case before the digest goes out."""
    for person in members(meeting.group):
        queue_mail(
            "kring.meeting.call_for_cases", person, "meetings/mail/call_for_cases",
            {"meeting": meeting, "group": meeting.group, "digest_at": digest_at},
            dedupe_key=f"meetings.call:{meeting.pk}:{person.pk}:{_stamp(meeting)}", about=meeting,
        )


def reminder(meeting: Meeting) -> None:
    """A reminder to everyone in the circle (the day before, or later at short notice).
    It says "today", "tomorrow" or the date by the local calendar days between now and
    the start, not by the hours: a meeting tonight is "today"."""
    days = days_until(meeting.starts_at)
    for person in circle_people(meeting.group):
        queue_mail(
            "kring.meeting.reminder", person, "meetings/mail/reminder",
            {"meeting": meeting, "group": meeting.group, "days": days},
            dedupe_key=f"meetings.reminder:{meeting.pk}:{person.pk}:{_stamp(meeting)}", about=meeting,
        )


def poll_opened(poll: DatePoll, organiser: User) -> None:
    """Everyone in the circle but the organiser is asked to answer."""
    for person in circle_people(poll.group):
        if person.pk != organiser.pk:
            queue_mail("kring.meeting.poll_opened", person, "meetings/mail/poll_opened", {"poll": poll},
                       dedupe_key=f"meetings.poll:{poll.pk}:{person.pk}", about=poll)


def poll_reminder(poll: DatePoll, people: Iterable[User]) -> None:
    """One reminder per round to each person who has not answered yet."""
    for person in people:
        queue_mail("kring.meeting.poll_reminder", person, "meetings/mail/poll_reminder", {"poll": poll},
                   dedupe_key=f"meetings.poll_reminder:{poll.pk}:{person.pk}:{poll.reminder_rounds}", about=poll)
