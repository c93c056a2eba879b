"""Attendance against what really happened. The meeting's real times are those of its
live run in Kring when there was one, else the planned times; times outside them need a
reason, times in the future are refused. Every change to a sheet is kept in its audit
entry as old and new values, so the attendance page can show who changed what."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.meetings.models import Meeting
from kring.reports.hours import hours_label
from kring.reports.models import Attendance, AttendanceMode, AttendanceSheet, AttendanceStatus
from kring.reports.record import MeetingRecord

SHEET_FIELDS = ("started_at", "ended_at", "break_minutes", "topics")
LINE_FIELDS = ("status", "mode", "present_from", "present_until")


@dataclass(frozen=True)
class RealTimes:
    start: datetime
    end: datetime
    live: bool  # the times of the live run in Kring (else the planned times)

    @property
    def source(self) -> str:
        return _("as run live in Kring") if self.live else _("as planned")


def real_times(meeting: Meeting, record: MeetingRecord | None) -> RealTimes:
    """The live run's start and end where Kring recorded them, else the plan."""
    started = record.started_at if record is not None else None
    ended = record.ended_at if record is not None else None
    start, end = started or meeting.starts_at, ended or meeting.ends_at
    if end <= start:
        return RealTimes(meeting.starts_at, meeting.ends_at, False)
    return RealTimes(start, end, started is not None)


def _when(value: datetime, other: datetime) -> str:
    """A time, with its date when it is not the day of ``other`` (so "16:30" is never ambiguous)."""
    local = timezone.localtime(value)
    if local.date() == timezone.localtime(other).date():
        return formats.time_format(local, "H:i")
    return formats.date_format(local, "j F Y H:i")


def _gap(a: datetime, b: datetime) -> str:
    return hours_label(int(abs((a - b).total_seconds()) // 60))


def deviations(real: RealTimes, started_at: datetime, ended_at: datetime) -> list[str]:
    """What lies outside the meeting's real times, each with the why of the warning."""
    found: list[str] = []
    # Sheets are entered to the minute, the live run is recorded to the microsecond.
    earliest = real.start.replace(second=0, microsecond=0)
    latest = real.end.replace(second=0, microsecond=0)
    if latest < real.end:
        latest += timedelta(minutes=1)
    values = {"start": _when(started_at, real.start), "end": _when(ended_at, real.start),
              "real_start": _when(real.start, real.start), "real_end": _when(real.end, real.start), "source": real.source}
    if started_at < earliest:
        found.append(_("The start %(start)s is %(gap)s hours before the meeting began (%(real_start)s, %(source)s).")
                     % {**values, "gap": _gap(started_at, earliest)})
    elif started_at >= real.end:
        found.append(_("The start %(start)s is after the meeting ended (%(real_end)s, %(source)s).") % values)
    if ended_at > latest:
        found.append(_("The end %(end)s is %(gap)s hours after the meeting ended (%(real_end)s, %(source)s).")
                     % {**values, "gap": _gap(ended_at, latest)})
    elif ended_at <= real.start:
        found.append(_("The end %(end)s is before the meeting began (%(real_start)s, %(source)s).") % values)
    return found


def future(started_at: datetime, ended_at: datetime, now: datetime) -> list[str]:
    if ended_at > now:
        return [_("The end %(end)s lies in the future: fill in the attendance once the meeting is over.") % {
            "end": _when(ended_at, started_at)}]
    return []


# --- What changed ---------------------------------------------------------------------

def _stored(value: object) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def snapshot(sheet: AttendanceSheet, lines: list[Attendance]) -> dict[str, Any]:
    return {"sheet": {f: _stored(getattr(sheet, f)) for f in SHEET_FIELDS},
            "lines": {str(line.person_id): {f: _stored(getattr(line, f)) for f in LINE_FIELDS} for line in lines}}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Old and new value of every field that changed. Topics are text: only that they changed."""
    found: list[dict[str, Any]] = []
    for field in SHEET_FIELDS:
        old, new = before["sheet"][field], after["sheet"][field]
        if old != new:
            found.append({"field": field} if field == "topics" else {"field": field, "old": old, "new": new})
    for person_id, values in after["lines"].items():
        for field in LINE_FIELDS:
            old, new = before["lines"].get(person_id, {}).get(field), values[field]
            if old != new:
                found.append({"person": person_id, "field": field, "old": old, "new": new})
    return found


def _label(field: str, value: object) -> str:
    if value is None or value == "":
        return "–"
    if field in ("started_at", "ended_at", "present_from", "present_until"):
        local = timezone.localtime(datetime.fromisoformat(str(value)))
        return formats.date_format(local, "j F Y H:i")
    if field == "status":
        return str(AttendanceStatus(str(value)).label)
    if field == "mode":
        return str(AttendanceMode(str(value)).label)
    return str(value)


def describe(change: dict[str, Any], names: dict[str, str]) -> str:
    """One change as a line for the page, in the reader's language."""
    titles = {
        "started_at": _("Start"), "ended_at": _("End"), "break_minutes": _("Breaks (minutes)"), "topics": _("Topics"),
        "status": _("attendance"), "mode": _("how"), "present_from": _("present from"), "present_until": _("present until"),
    }
    field = change["field"]
    if "old" not in change:
        text = _("%(field)s changed") % {"field": titles[field]}
    else:
        text = f"{titles[field]}: {_label(field, change['old'])} → {_label(field, change['new'])}"
    if "person" in change:
        return f"{names.get(change['person'], '?')}, {text}"
    return text
