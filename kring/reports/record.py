"""The meeting record the report and attendance start from. The live meeting provides it
(kring.live.record.meeting_record); until that exists, or for a meeting that was not run
live, we build the same shape from the meeting and its chosen cases."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kring.cases.models import Case, CaseStatus
from kring.meetings.models import Meeting


@dataclass(frozen=True)
class PhaseRecord:
    title: str
    notes: list[str]
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class CaseRecord:
    case: Case
    bringer: Any
    question: str
    advice: list[str]
    learning_points: list[str]
    intended_action: str


@dataclass(frozen=True)
class MeetingRecord:
    meeting: Meeting
    method_name: str
    chair: Any | None
    started_at: datetime | None
    ended_at: datetime | None
    pause_seconds: int
    present: list[Any]
    cases: list[CaseRecord] = field(default_factory=list)
    phases: list[PhaseRecord] = field(default_factory=list)
    yields: list[tuple[Any, str]] = field(default_factory=list)


def fallback_record(meeting: Meeting) -> MeetingRecord:
    cases = Case.objects.filter(meeting=meeting, status__in=[CaseStatus.CHOSEN, CaseStatus.TREATED]).select_related("author")
    return MeetingRecord(
        meeting=meeting, method_name="", chair=None, started_at=None, ended_at=None, pause_seconds=0, present=[],
        cases=[CaseRecord(c, c.author, c.question, [], [], "") for c in cases],
    )


def load_record(meeting: Meeting) -> Any:
    """The live record when the live area provides one, else the fallback."""
    try:
        from kring.live.record import meeting_record  # type: ignore[import-not-found]
    except ImportError:
        return fallback_record(meeting)
    record = meeting_record(meeting)
    if record.started_at is None and not record.cases:  # not run live: start from the chosen cases
        return fallback_record(meeting)
    return record
