"""Attendance as CSV for spreadsheets: a person's own lines, or an organisation's."""
from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.reports import hours
from kring.reports.models import Attendance


def csv_cell(value: object) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def decimal_comma(value: object) -> str:
    """A number for a semicolon-separated file: Dutch spreadsheets read "2,25" as a number
    and "2.25" as text (or as a date)."""
    return str(value).replace(".", ",")


def attendance_rows(lines: list[Attendance]) -> list[list[str]]:
    rows = []
    for line in lines:
        sheet = line.sheet
        window = hours.presence_window(line, sheet)
        local = timezone.localtime
        rows.append([
            line.person.name, sheet.meeting.group.name, local(sheet.started_at).date().isoformat(),
            local(window[0]).strftime("%H:%M") if window else "", local(window[1]).strftime("%H:%M") if window else "",
            str(line.get_status_display()), str(line.get_mode_display()) if line.attended else "",
            decimal_comma(hours.as_hours(hours.net_minutes(line, sheet))), _("yes") if sheet.is_confirmed else _("no"),
        ])
    return rows


def csv_response(filename: str, header: list[str], rows: list[list[str]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch spreadsheets expect semicolons
    writer.writerow(header)
    writer.writerows([[csv_cell(c) for c in row] for row in rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def attendance_header() -> list[str]:
    return [_("Name"), _("Group"), _("Date"), _("From"), _("Until"), _("Attendance"), _("How"), _("Net hours"), _("Confirmed")]


def attendance_csv(filename: str, lines: list[Attendance]) -> HttpResponse:
    return csv_response(filename, attendance_header(), attendance_rows(lines))
