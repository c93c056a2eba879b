"""How the reports area answers other areas (connected in ReportsConfig.ready)."""
from __future__ import annotations

from datetime import datetime

from kring.groups.models import IntervisionGroup
from kring.live.lookback import LookBack, Reported, lines
from kring.reports.queries import look_back


def approved_look_back(sender: object, *, group: IntervisionGroup, before: datetime, **kwargs: object) -> Reported | None:
    """The case parts of the last sent report before ``before`` that their bringer approved."""
    parts = [p for p in look_back(group, before) if p.approved_at is not None]
    if not parts:
        return None
    return Reported(parts[0].report.meeting.starts_at, [
        LookBack(p.bringer, p.title, p.question, lines(p.learning_points), p.intended_action, True, p) for p in parts])
