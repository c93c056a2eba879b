"""Reads for the reports area, always from the person asking. Reports, attendance and
evaluations are circle-only: everyone else gets a 404."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from kring.accounts.models import Person, User
from kring.audit.actions import log_access
from kring.audit.models import AuditEntry
from kring.core.http import get_in_scope
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_groups, may_edit_report, may_read_report, may_read_report_part, reach
from kring.meetings.models import Meeting, MeetingStatus
from kring.meetings.queries import circle_meetings
from kring.reports import events, sheet_checks
from kring.reports.models import Attendance, AttendanceSheet, Evidence, Report, ReportCasePart, ReportStatus


def get_circle_meeting(person: Person, meeting_id: UUID | str) -> Meeting:
    return get_in_scope(circle_meetings(person), pk=meeting_id)


def can_edit_report(person: Person, report: Report) -> bool:
    return may_edit_report(person, reach(person, report.meeting.group), report.note_taker_id)


def report_of(meeting: Meeting) -> Report | None:
    return Report.objects.filter(meeting=meeting).select_related("note_taker").first()


@dataclass(frozen=True)
class ReportReading:
    """What one person may read of one report: all of it, or (a bringer, in the draft)
    only the parts about her own cases."""

    report: Report
    whole: bool
    parts: list[ReportCasePart]


def may_read(person: Person, report: Report) -> ReportReading | None:
    """What ``person`` may read of ``report`` (None: nothing), not yet logged."""
    group_reach = reach(person, report.meeting.group)
    whole = may_read_report(person, group_reach, report.note_taker_id, report.is_sent)
    parts = [p for p in report.parts.select_related("bringer")
             if whole or may_read_report_part(person, group_reach, report.note_taker_id, report.is_sent, p.bringer_id)]
    if not whole and not parts:
        return None
    return ReportReading(report, whole, parts)


def read_report(person: User, report: Report) -> ReportReading | None:
    """What the person may read of the report, each read logged: once for the report (when
    they read all of it), once per case part for its bringer."""
    reading = may_read(person, report)
    if reading is None:
        return None
    if reading.whole:
        log_access(events.REPORT_READ, person, report)
    for part in reading.parts:
        log_access(events.REPORT_CASE_READ, person, part, subject=part.bringer)
    return reading


def awaiting_my_approval(person: Person) -> QuerySet[ReportCasePart]:
    """Parts of report drafts of the person's own groups that she was asked to approve."""
    return (ReportCasePart.objects.filter(
        bringer_id=person.pk, approved_at__isnull=True, approval_requested_at__isnull=False,
        report__status=ReportStatus.DRAFT, report__meeting__group__in=circle_groups(person),
    ).select_related("report__meeting__group").order_by("report__meeting__starts_at", "position"))


def sheet_of(meeting: Meeting) -> AttendanceSheet | None:
    return AttendanceSheet.objects.filter(meeting=meeting).first()


@dataclass(frozen=True)
class SheetChange:
    at: datetime
    who: str
    prepared: bool
    confirmed: bool
    confirmation_withdrawn: bool
    reason: str
    details: list[str]


SHEET_EVENTS = (events.ATTENDANCE_PREPARED, events.ATTENDANCE_SAVED, events.ATTENDANCE_CONFIRMED)


def sheet_history(sheet: AttendanceSheet) -> list[SheetChange]:
    """Who changed what on the sheet, oldest first, from its audit entries (the caller
    has checked that the reader facilitates the group)."""
    names = {str(line.person_id): line.person.name for line in sheet.lines.select_related("person")}
    entries = AuditEntry.objects.filter(
        object_type=AttendanceSheet._meta.label_lower, object_id=str(sheet.pk), name__in=SHEET_EVENTS,
    ).select_related("actor").order_by("at")
    return [
        SheetChange(
            at=entry.at, who=entry.actor.name if entry.actor else "–", prepared=entry.name == events.ATTENDANCE_PREPARED,
            confirmed=entry.name == events.ATTENDANCE_CONFIRMED,
            confirmation_withdrawn=bool(entry.data.get("confirmation_withdrawn")),
            reason=str(entry.data.get("reason") or ""),
            details=[sheet_checks.describe(c, names) for c in entry.data.get("changes", [])],
        )
        for entry in entries
    ]


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


def read_look_back(person: Person, group: IntervisionGroup, before: datetime) -> list[ReportCasePart]:
    """The look-back as the group page shows it: each case bringer's learning points and
    intended action are theirs, so every read is logged with them as its subject."""
    parts = look_back(group, before)
    for part in parts:
        log_access(events.LOOKBACK_READ, person, part, subject=part.bringer, group=group)
    return parts


def my_evidence(person: User) -> QuerySet[Evidence]:
    return Evidence.objects.filter(issued_to=person).select_related("group", "register").defer("pdf")


def owner_tag(person: User, meeting: Meeting) -> str:
    """A keyed hash that only the server can compute, and only when the person asks: it
    links an anonymous evaluation to its author for their own eyes, never for anyone else."""
    key = hashlib.sha256(f"kring.reports.evaluation:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{person.pk}:{meeting.pk}".encode(), hashlib.sha256).hexdigest()
