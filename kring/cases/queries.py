"""Reads of cases. Only the circle of a group (members and facilitators) ever gets one;
for everyone else a case does not exist (404). Withdrawn cases are their author's alone."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kring.accounts.models import Person
from kring.cases.models import Case, CaseStatus
from kring.core.http import get_in_scope
from kring.groups.roles import circle_groups, signed_in
from kring.meetings.models import Meeting
from kring.meetings.queries import due_times


def circle_cases(person: Person) -> QuerySet[Case]:
    if not signed_in(person):
        return Case.objects.none()
    return (
        Case.objects.filter(meeting__group__in=circle_groups(person))
        .filter(~Q(status=CaseStatus.WITHDRAWN) | Q(author=person))
        .select_related("meeting", "meeting__group", "author")
    )


def get_case(person: Person, case_id: Any) -> Case:
    return get_in_scope(circle_cases(person), pk=case_id)


def meeting_cases(person: Person, meeting: Meeting) -> QuerySet[Case]:
    """Cases of one meeting as this person may see them (empty outside the circle)."""
    return circle_cases(person).filter(meeting=meeting)


def submitted_cases(meeting: Meeting) -> QuerySet[Case]:
    """For the digest (sent only to the circle)."""
    return meeting.cases.exclude(status=CaseStatus.WITHDRAWN).select_related("author")


def cases_until(meeting: Meeting) -> datetime:
    """The cut-off for cases: the digest's due time, which follows the notice the meeting
    was given (``kring.meetings.queries.due_times``)."""
    return due_times(meeting)["digest"]


def open_for_cases(meeting: Meeting) -> bool:
    """Cases can be submitted, edited and withdrawn until the cut-off (and not after the
    digest went out, even if it went out early)."""
    return (meeting.is_active and meeting.digest_sent_at is None and meeting.starts_at > timezone.now()
            and timezone.now() < cases_until(meeting))


def case_counts(person: Person, meetings: list[Meeting]) -> dict[UUID, int]:
    """Meeting id → number of cases (withdrawn ones left out), in one query, for those of
    these meetings whose group is in this person's circle; the others are not in it."""
    rows = (
        Case.objects.filter(meeting__in=meetings, meeting__group__in=circle_groups(person))
        .exclude(status=CaseStatus.WITHDRAWN)
        .order_by()
        .values_list("meeting_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
