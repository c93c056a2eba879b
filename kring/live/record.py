"""What a meeting produced, for reports and the next look-back. A contract with the
reports area: keep these shapes stable.

No scoping in here: callers check the circle first (and log the read)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kring.accounts.models import User
from kring.cases.models import Case
from kring.groups.models import IntervisionGroup
from kring.live.models import ChosenCase, Contribution, Entry, LiveSession, SessionStatus
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
    bringer: User
    question: str
    advice: list[str]
    learning_points: list[str]
    intended_action: str


@dataclass(frozen=True)
class MeetingRecord:
    meeting: Meeting
    method_name: str
    chair: User | None
    started_at: datetime | None
    ended_at: datetime | None
    pause_seconds: int  # actual pauses taken during the live run (timer pauses and break blocks)
    present: list[User]  # people who joined the live meeting
    cases: list[CaseRecord]
    phases: list[PhaseRecord]
    yields: list[tuple[User, str]]
    # Who took the notes live: the report's first note-taker, so she carries on in the draft.
    note_taker: User | None = None

    @property
    def still_running(self) -> bool:
        """Started live and not finished: what is written from now on is not in the record yet."""
        return self.started_at is not None and self.ended_at is None


def _texts(entries: list[Entry], kind: str, **match: object) -> list[str]:
    return [e.text for e in entries if e.kind == kind and all(getattr(e, k) == v for k, v in match.items())]


def _case_record(chosen: ChosenCase, entries: list[Entry]) -> CaseRecord:
    return CaseRecord(
        case=chosen.case,
        bringer=chosen.bringer,
        question=chosen.question,
        advice=_texts(entries, Contribution.ADVICE, chosen_id=chosen.pk),
        learning_points=_texts(entries, Contribution.LEARNING, chosen_id=chosen.pk),
        intended_action=chosen.intended_action,
    )


def meeting_record(meeting: Meeting) -> MeetingRecord:
    session = LiveSession.objects.filter(meeting=meeting).select_related("method", "chair", "note_taker").first()
    if session is None:
        return MeetingRecord(meeting, "", None, None, None, 0, [], [], [], [])
    entries = list(session.entries.all())
    chosen = list(session.chosen.select_related("case", "bringer"))
    phases = [
        PhaseRecord(
            title=block.display_title(),
            notes=_texts(entries, Contribution.NOTE, block_id=block.pk),
            started_at=block.started_at,
            ended_at=block.ended_at,
        )
        for block in session.blocks.order_by("order")
        # A block that ran is in the record; one skipped after it opened only if it has notes.
        if block.started_at is not None and (not block.skipped or _texts(entries, Contribution.NOTE, block_id=block.pk))
    ]
    return MeetingRecord(
        meeting=meeting,
        method_name=session.method.text("name") if session.method else "",
        chair=session.chair,
        started_at=session.started_at,
        ended_at=session.ended_at,
        pause_seconds=session.pause_seconds,
        present=[p.person for p in session.presences.select_related("person").order_by("person__name")],
        cases=[_case_record(c, entries) for c in chosen],
        phases=phases,
        yields=[(y.person, y.text) for y in session.yields.select_related("person").order_by("person__name")],
        note_taker=session.note_taker,
    )


def previous_learning_points(group: IntervisionGroup, before: datetime) -> CaseRecord | None:
    """The most recent treated case of an earlier meeting of this group, for the look-back."""
    chosen = (
        ChosenCase.objects.filter(session__meeting__group=group, session__meeting__starts_at__lt=before)
        .exclude(session__status=SessionStatus.PREPARED)
        .select_related("case", "bringer")
        .order_by("-session__meeting__starts_at", "-slot")
        .first()
    )
    if chosen is None:
        return None
    return _case_record(chosen, list(chosen.entries.all()))


__all__ = ["CaseRecord", "MeetingRecord", "PhaseRecord", "meeting_record", "previous_learning_points"]
