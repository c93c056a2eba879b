"""Reads for the reports area, always from the person asking. Reports, attendance and
evaluations are circle-only: everyone else gets a 404."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from kring.accounts.models import Person, User
from kring.audit.actions import log_access
from kring.core.http import get_in_scope
from kring.groups.models import IntervisionGroup
from kring.groups.roles import may_edit_report, reach
from kring.meetings.models import Meeting, MeetingStatus
from kring.meetings.queries import circle_meetings
from kring.reports import events
from kring.reports.models import Attendance, AttendanceSheet, Evidence, Report, ReportCasePart, ReportStatus


def get_circle_meeting(person: Person, meeting_id: UUID | str) -> Meeting:
    return get_in_scope(circle_meetings(person), pk=meeting_id)


def can_edit_report(person: Person, report: Report) -> bool:
    return may_edit_report(person, reach(person, report.meeting.group), report.note_taker_id)


def report_of(meeting: Meeting) -> Report | None:
    return Report.objects.filter(meeting=meeting).select_related("note_taker").first()


def read_report(person: User, report: Report) -> Report:
    """Every read of a report is logged: once for the report, once per case part for its bringer."""
    log_access(events.REPORT_READ, person, report)
    for part in report.parts.all():
        log_access(events.REPORT_CASE_READ, person, part, subject=part.bringer)
    return report


def sheet_of(meeting: Meeting) -> AttendanceSheet | None:
    return AttendanceSheet.objects.filter(meeting=meeting).first()


def own_line(person: User, sheet: AttendanceSheet | None) -> Attendance | None:
    if sheet is None:
        return None
    return sheet.lines.filter(person=person).first()


def past_meetings(group: IntervisionGroup) -> QuerySet[Meeting]:
    return group.meetings.filter(starts_at__lte=timezone.now()).exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at")


def look_back(group: IntervisionGroup, before: datetime) -> list[ReportCasePart]:
    """The case parts of the last sent report before a moment: the next meeting's look-back
    shows their learning points and asks what happened."""
    report = (
        Report.objects.filter(meeting__group=group, meeting__starts_at__lt=before, status=ReportStatus.SENT)
        .order_by("-meeting__starts_at").first()
    )
    return list(report.parts.select_related("bringer")) if report else []


def my_evidence(person: User) -> QuerySet[Evidence]:
    return Evidence.objects.filter(issued_to=person).select_related("group", "register").defer("pdf")


def owner_tag(person: User, meeting: Meeting) -> str:
    """A keyed hash that only the server can compute, and only when the person asks: it
    links an anonymous evaluation to its author for their own eyes, never for anyone else."""
    key = hashlib.sha256(f"kring.reports.evaluation:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{person.pk}:{meeting.pk}".encode(), hashlib.sha256).hexdigest()
