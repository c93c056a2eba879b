"""The meeting record the report and attendance start from: the live meeting's record
(kring.live.record), or — for a meeting that was not run live in Kring — the same shape
built from the meeting and its chosen cases."""
from __future__ import annotations

from kring.cases.models import Case, CaseStatus
from kring.live.record import CaseRecord, MeetingRecord, PhaseRecord, meeting_record
from kring.meetings.models import Meeting

__all__ = ["CaseRecord", "MeetingRecord", "PhaseRecord", "fallback_record", "load_record"]


def fallback_record(meeting: Meeting) -> MeetingRecord:
    cases = Case.objects.filter(meeting=meeting, status__in=[CaseStatus.CHOSEN, CaseStatus.TREATED]).select_related("author")
    return MeetingRecord(
        meeting=meeting, method_name="", chair=None, started_at=None, ended_at=None, pause_seconds=0, present=[],
        cases=[CaseRecord(c, c.author, c.question, [], [], "") for c in cases], phases=[], yields=[],
    )


def load_record(meeting: Meeting) -> MeetingRecord:
    """The live record when the meeting ran live, else the fallback."""
    record = meeting_record(meeting)
    if record.started_at is None and not record.cases:  # not run live: start from the chosen cases
        return fallback_record(meeting)
    return record
