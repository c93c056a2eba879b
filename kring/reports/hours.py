"""Net hours: the time a person was present, minus breaks. Pure arithmetic on rows already
loaded; no queries, so it is easy to test and reuse in every document."""
from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from kring.reports.models import Attendance, AttendanceSheet, AttendanceStatus


def break_minutes(sheet: AttendanceSheet) -> int:
    """Planned breaks always come off; an actual pause that ran longer comes off in full."""
    return max(sheet.break_minutes, sheet.meeting.break_minutes)


def presence_window(line: Attendance, sheet: AttendanceSheet) -> tuple[datetime, datetime] | None:
    if not line.attended:
        return None
    start, end = sheet.started_at, sheet.ended_at
    if line.status == AttendanceStatus.PARTLY:
        start = max(start, line.present_from or start)
        end = min(end, line.present_until or end)
    return (start, end) if start < end else None


def net_minutes(line: Attendance, sheet: AttendanceSheet) -> int:
    """Minutes present minus the breaks that fell in them. Someone partly present loses
    breaks in proportion to the share of the meeting they were there (we do not know
    exactly when the pause was)."""
    window = presence_window(line, sheet)
    if window is None:
        return 0
    present = (window[1] - window[0]).total_seconds() / 60
    total = (sheet.ended_at - sheet.started_at).total_seconds() / 60
    deducted = min(break_minutes(sheet), total) * present / total
    return max(0, int(present - deducted))


def meeting_net_minutes(sheet: AttendanceSheet) -> int:
    total = (sheet.ended_at - sheet.started_at).total_seconds() / 60
    return max(0, int(total - break_minutes(sheet)))


def as_hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hours_label(minutes: int) -> str:
    """"2:15" style, unambiguous in both languages."""
    return f"{minutes // 60}:{minutes % 60:02d}"
