"""Reads of meetings and polls, always scoped to the person asking."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from kring.accounts.models import Person, User
from kring.audit.actions import log_access
from kring.core.http import get_in_scope
from kring.groups.models import IntervisionGroup
from kring.groups.roles import Reach, circle_groups, circle_people, signed_in, visible_groups
from kring.mail.models import MailStatus, OutboxMessage
from kring.meetings import events
from kring.meetings.models import (
    ACTIVE_STATUSES,
    Answer,
    CalendarFeed,
    DatePoll,
    Meeting,
    MeetingReply,
    MeetingSettings,
    PollChoice,
    PollOption,
    PollResponse,
    PollStatus,
)

# The SKJ-related guideline: no more than eight weeks between two meetings of a group.
MAX_GAP = timedelta(weeks=8)


def visible_meetings(person: Person) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group__in=visible_groups(person)).select_related("group")


def circle_meetings(person: Person) -> QuerySet[Meeting]:
    """Meetings of the groups in this person's circle: the only ones whose cases, polls,
    reports and live meeting they may see."""
    return Meeting.objects.filter(group__in=circle_groups(person)).select_related("group")


def get_meeting(person: Person, meeting_id: Any) -> Meeting:
    return get_in_scope(visible_meetings(person), pk=meeting_id)


def group_meetings(group: IntervisionGroup) -> QuerySet[Meeting]:
    """Meetings of a group the caller has already been given (via get_group)."""
    return group.meetings.all()


def upcoming(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(status__in=ACTIVE_STATUSES, ends_at__gte=timezone.now())


def my_upcoming(person: Person) -> QuerySet[Meeting]:
    """Upcoming meetings of every group this person is in (member or facilitator)."""
    return upcoming(circle_meetings(person))


def settings_for(group: IntervisionGroup) -> MeetingSettings:
    """The group's settings, or the defaults (unsaved) when nobody changed them yet."""
    found = MeetingSettings.objects.filter(group=group).first()
    return found or MeetingSettings(group=group)


def due_times(meeting: Meeting) -> dict[str, datetime]:
    """When the call for cases, the digest and the reminder are due, from the notice the
    meeting was given (``dated_at``: planned or last moved, to its start). The digest is
    the cut-off for cases. Normally: the group's call and digest days before, the
    reminder a day before. At shorter notice nothing goes out the moment the meeting is
    planned except the call: cases stay open for at least the first half of the notice,
    and the reminder waits until three quarters of it have passed (so it follows the
    digest). Written down in docs/meetings.md."""
    conf = settings_for(meeting.group)
    start = meeting.starts_at
    notice = max(start - meeting.dated_at, timedelta(0))
    return {
        "call": max(start - timedelta(days=conf.call_days_before), meeting.dated_at),
        "digest": max(start - timedelta(days=conf.digest_days_before), meeting.dated_at + notice / 2),
        "reminder": max(start - timedelta(days=1), meeting.dated_at + notice * 3 / 4),
    }


def days_until(moment: datetime) -> int:
    """Calendar days from today to ``moment`` in local (Europe/Amsterdam) time: 0 is
    today, 1 tomorrow, whatever the hours in between."""
    return (timezone.localdate(moment) - timezone.localdate()).days


@dataclass(frozen=True)
class Gap:
    before: Meeting
    after: Meeting

    @property
    def weeks(self) -> int:
        return (timezone.localdate(self.after.starts_at) - timezone.localdate(self.before.starts_at)).days // 7


def gaps(group: IntervisionGroup) -> list[Gap]:
    """Consecutive meetings (cancelled ones left out) more than eight weeks apart."""
    meetings = list(group.meetings.exclude(status="cancelled").order_by("starts_at"))
    return [Gap(a, b) for a, b in pairwise(meetings) if b.starts_at - a.starts_at > MAX_GAP]


def replies(meeting: Meeting) -> dict[UUID, str]:
    return dict(MeetingReply.objects.filter(meeting=meeting).values_list("person_id", "answer"))


def feed_owner(token: str) -> User | None:
    """The active person whose calendar address this token opens, or None. Only hashes
    are stored: the token from the address is hashed and looked up."""
    found = CalendarFeed.objects.select_related("person").filter(token_hash=CalendarFeed.hash(token)).first()
    return found.person if found is not None and found.person.is_active else None


def my_feed(person: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person).first()


def failed_mail(meeting: Meeting) -> QuerySet[OutboxMessage]:
    """Mail about this meeting that could not be delivered (for its organisers to act on)."""
    return OutboxMessage.objects.filter(
        about_type=meeting._meta.label_lower, about_id=str(meeting.pk), status=MailStatus.FAILED
    ).select_related("recipient")


# --- Polls
# Answers and comments can be personal ("I have therapy that day"): polls belong to the
# circle (members and facilitators). For coordinators and staff they do not exist (404).

def circle_polls(person: Person) -> QuerySet[DatePoll]:
    return DatePoll.objects.filter(group__in=circle_groups(person)).select_related("group", "organiser")


def get_poll(person: Person, poll_id: Any) -> DatePoll:
    return get_in_scope(circle_polls(person), pk=poll_id)


def open_polls(groups: QuerySet[IntervisionGroup]) -> QuerySet[DatePoll]:
    return DatePoll.objects.filter(group__in=groups, status=PollStatus.OPEN).select_related("group")


@dataclass
class OptionTally:
    option: PollOption
    counts: Counter[str] = field(default_factory=Counter)
    answers: dict[UUID, str] = field(default_factory=dict)  # person id → answer
    comments: list[tuple[str, str]] = field(default_factory=list)  # (person's name, comment on this date)

    @property
    def yes(self) -> int:
        return self.counts[Answer.YES]

    @property
    def maybe(self) -> int:
        return self.counts[Answer.MAYBE]

    @property
    def no(self) -> int:
        return self.counts[Answer.NO]

    @property
    def rejected_by_all(self) -> bool:
        """Everyone who answered said no (a date nobody can make)."""
        total = sum(self.counts.values())
        return total > 0 and self.no == total


def tally(poll: DatePoll) -> list[OptionTally]:
    rows = {o.pk: OptionTally(o) for o in poll.options.all()}
    choices = PollChoice.objects.filter(option__poll=poll).order_by("response__person__name").values_list(
        "option_id", "response__person_id", "answer", "response__person__name", "comment"
    )
    for option_id, person_id, answer, name, comment in choices:
        rows[option_id].counts[answer] += 1
        rows[option_id].answers[person_id] = answer
        if comment:
            rows[option_id].comments.append((name, comment))
    return list(rows.values())


def suggestion(tallies: list[OptionTally]) -> OptionTally | None:
    """Most yes, then most if-need-be; the earliest date breaks a tie."""
    candidates = [t for t in tallies if t.option.starts_at > timezone.now()]
    if not candidates:
        return None
    return max(candidates, key=lambda t: (t.yes, t.maybe, -t.option.starts_at.timestamp()))


@dataclass(frozen=True)
class GridCell:
    answer: str  # yes, maybe or no ("" for a date added after this person answered)
    comment: str  # their remark on this date


@dataclass(frozen=True)
class GridRow:
    """One person's answers, a cell per proposed date in the order of the options."""

    name: str
    cells: list[GridCell]


def poll_grid(poll: DatePoll, tallies: list[OptionTally]) -> list[GridRow]:
    """People × dates, as in Doodle or Rallly: a row per person who answered (by name).
    For the circle only (answers can be personal); the caller checks the results are
    visible to this person."""
    cells: dict[UUID, dict[UUID, GridCell]] = {}
    for response_id, option_id, answer, comment in PollChoice.objects.filter(response__poll=poll).values_list(
        "response_id", "option_id", "answer", "comment"
    ):
        cells.setdefault(response_id, {})[option_id] = GridCell(answer, comment)
    missing = GridCell("", "")
    return [
        GridRow(r.person.name, [cells.get(r.pk, {}).get(t.option.pk, missing) for t in tallies])
        for r in poll.responses.select_related("person").order_by("person__name")
    ]


def log_comment_reads(person: User, poll: DatePoll) -> None:
    """The poll's results show everyone's comments: one access entry per other person who
    wrote one, so each of them sees who read theirs. (Comments are encrypted at rest: the
    database cannot tell an empty one, so they are sorted out here.)"""
    for response in poll.responses.exclude(person=person).select_related("person").prefetch_related("choices"):
        if response.comment or any(choice.comment for choice in response.choices.all()):
            log_access(events.POLL_COMMENTS_READ, person, response, subject=response.person, group=poll.group)


def with_comments(poll: DatePoll) -> list[PollResponse]:
    """The general comments of a poll: only the people who wrote one."""
    return [r for r in poll.responses.select_related("person").order_by("person__name") if r.comment]


@dataclass(frozen=True)
class OpenPoll:
    poll: DatePoll
    answered: bool


def my_open_polls(person: Person) -> list[OpenPoll]:
    """Open polls of this person's groups whose deadline has not passed (for the
    dashboard), soonest deadline first, with whether they answered yet."""
    if not signed_in(person):
        return []
    polls = (
        circle_polls(person).filter(status=PollStatus.OPEN, deadline__gt=timezone.now())
        .annotate(answered=Exists(PollResponse.objects.filter(poll=OuterRef("pk"), person=person)))
        .order_by("deadline")
    )
    return [OpenPoll(p, p.answered) for p in polls]


def not_answered(poll: DatePoll) -> list[User]:
    answered = set(poll.responses.values_list("person_id", flat=True))
    return [p for p in circle_people(poll.group) if p.pk not in answered]


def results_visible(poll: DatePoll, group_reach: Reach) -> bool:
    return group_reach.in_circle and (
        poll.results_public or poll.status == PollStatus.CLOSED or group_reach.can_plan_meetings
    )


def deadline_passed(poll: DatePoll) -> bool:
    return poll.deadline <= timezone.now()
