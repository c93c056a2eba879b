"""What other areas' pages show of the cases (the meeting page, the overview of meetings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django import template
from django.utils import timezone

from kring.accounts.models import Person
from kring.audit.actions import log_access
from kring.cases import events, queries
from kring.cases.models import Case
from kring.groups.roles import Reach
from kring.meetings.models import Meeting

register = template.Library()


@dataclass(frozen=True)
class MeetingCases:
    cases: list[Case]
    can_bring: bool  # this person may bring a case now (cases are still open)
    open: bool  # cases are still open (for anyone in the circle)
    until: datetime  # the cut-off for cases (or when the digest went out, once it did)
    closed: bool  # closed before the meeting: the page says since when, and why


@register.simple_tag
def meeting_cases(person: Person, meeting: Meeting, reach: Reach) -> MeetingCases:
    """The cases of a meeting as this person may see them, for the meeting page's panel.
    Titles are case content too: every case listed is logged as a read."""
    cases = list(queries.meeting_cases(person, meeting)) if reach.in_circle else []
    for case in cases:
        log_access(events.CASE_TITLE_READ, person, case, subject=case.author)
    is_open = queries.open_for_cases(meeting)
    closed = not is_open and meeting.is_active and meeting.starts_at > timezone.now()
    return MeetingCases(cases, is_open and reach.can_bring_case, is_open,
                        meeting.digest_sent_at or queries.cases_until(meeting), closed)


@register.simple_tag
def case_counts(person: Person, meetings: list[Meeting]) -> dict[UUID, int]:
    """Meeting id → number of cases, for all these meetings in one query (meetings
    outside the person's circle are left out)."""
    return queries.case_counts(person, meetings)
