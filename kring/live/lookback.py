"""The look-back block: what the previous case bringer(s) set out to do. What the case
bringer approved in the sent report of the last meeting wins; without one (or when a
later meeting's report has not gone out yet) the live record of the last treated case is
used. No scoping in here: callers check the circle first and log the read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kring.live.record import previous_learning_points


@dataclass(frozen=True)
class LookBack:
    bringer: Any
    title: str
    question: str
    learning_points: list[str]
    intended_action: str
    from_report: bool
    source: Any  # the report part or the case: the object whose read is logged


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•*").strip() for line in (text or "").splitlines() if line.strip().lstrip("-•*").strip()]


def look_back_items(group: Any, before: datetime) -> list[LookBack]:
    from kring.reports.queries import look_back  # reports reads live's record: import late

    parts = [p for p in look_back(group, before) if p.approved_at is not None]
    live = previous_learning_points(group, before)
    if parts:
        reported = parts[0].report.meeting.starts_at
        if live is None or live.case.meeting.starts_at <= reported:
            return [LookBack(p.bringer, p.title, p.question, _lines(p.learning_points), p.intended_action, True, p)
                    for p in parts]
    if live is None:
        return []
    return [LookBack(live.bringer, live.case.title, live.question, live.learning_points, live.intended_action,
                     False, live.case)]
