"""Turn a meeting record into the first version of the report. Plain text blocks the
note-taker or facilitator then edits; nothing here writes to the database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.cases.models import Case
from kring.groups.roles import facilitators
from kring.reports.hours import hours_label
from kring.reports.record import MeetingRecord


@dataclass(frozen=True)
class PartDraft:
    case: Case
    bringer: User
    title: str
    question: str
    advice: str
    learning_points: str
    intended_action: str


@dataclass(frozen=True)
class Draft:
    summary: str
    phases: str
    yields: str
    parts: list[PartDraft]


def _time(value: datetime) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item.strip()}" for item in items if item and item.strip())


def draft_report(record: MeetingRecord) -> Draft:
    meeting = record.meeting
    start = record.started_at or meeting.starts_at
    end = record.ended_at or meeting.ends_at
    pause = max(record.pause_seconds // 60, meeting.break_minutes)
    net = max(0, int((end - start).total_seconds() // 60) - pause)
    names = ", ".join(sorted(p.name for p in record.present)) or _("(not recorded)")
    lines = [
        _("Date: %(date)s") % {"date": formats.date_format(timezone.localtime(start), "DATE_FORMAT")},
        _("Time: %(start)s–%(end)s (net %(net)s hours, breaks excluded)") % {
            "start": _time(start), "end": _time(end), "net": hours_label(net)},
        _("Present: %(names)s") % {"names": names},
        _("Facilitator: %(names)s") % {"names": ", ".join(p.name for p in facilitators(meeting.group)) or "–"},
    ]
    if record.chair is not None:
        lines.append(_("Chair: %(name)s") % {"name": record.chair.name})
    lines.append(_("Method: %(method)s") % {"method": record.method_name or "–"})
    phases = []
    for phase in record.phases:
        heading = phase.title
        if phase.started_at and phase.ended_at:
            heading += f" ({_time(phase.started_at)}–{_time(phase.ended_at)})"
        phases.append("\n".join(filter(None, [heading, _bullets(phase.notes)])))
    parts = [
        PartDraft(
            case=c.case, bringer=c.bringer, title=c.case.title, question=c.question or c.case.question,
            advice=_bullets(c.advice), learning_points=_bullets(c.learning_points), intended_action=c.intended_action,
        )
        for c in record.cases
    ]
    yields = "\n".join(f"{person.name}: {text.strip()}" for person, text in record.yields if text.strip())
    return Draft(summary="\n".join(lines), phases="\n\n".join(phases), yields=yields, parts=parts)
