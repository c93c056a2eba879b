"""The look-back block: what the previous case bringer(s) set out to do. What the case
bringer approved in the sent report of the last meeting wins (the reports area answers
``signals.look_back_wanted``); without one (or when a later meeting's report has not gone
out yet) the live record of the last treated case is used. No scoping in here: callers
check the circle first and log the read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.live import signals
from kring.live.record import previous_learning_points


@dataclass(frozen=True)
class LookBack:
    bringer: User
    title: str
    question: str
    learning_points: list[str]
    intended_action: str
    from_report: bool
    source: Model  # the report part or the case: the object whose read is logged


@dataclass(frozen=True)
class Reported:
    """The approved look-back of the last sent report, and when that meeting started."""

    meeting_start: datetime
    items: list[LookBack]


def lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•*").strip() for line in (text or "").splitlines() if line.strip().lstrip("-•*").strip()]


def _reported(group: IntervisionGroup, before: datetime) -> Reported | None:
    answers: list[Reported] = []
    for _receiver, answer in signals.look_back_wanted.send(LookBack, group=group, before=before):
        if isinstance(answer, Reported):
            answers.append(answer)
    return max(answers, key=lambda r: r.meeting_start) if answers else None


def look_back_items(group: IntervisionGroup, before: datetime) -> list[LookBack]:
    reported = _reported(group, before)
    live = previous_learning_points(group, before)
    if reported is not None and reported.items and (live is None or live.case.meeting.starts_at <= reported.meeting_start):
        return reported.items
    if live is None:
        return []
    return [LookBack(live.bringer, live.case.title, live.question, live.learning_points, live.intended_action,
                     False, live.case)]
