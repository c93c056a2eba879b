"""Mail the reports area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.accounts.models import User
from kring.mail.actions import queue_mail
from kring.reports.models import Report, ReportCasePart


def report_sent(report: Report, recipients: list[User]) -> None:
    """The sent report, to everyone in the circle (once per person and report): the case
    titles and a link, or the whole text when the group's facilitator opted in."""
    group = report.meeting.group
    parts = list(report.parts.all())
    for person in recipients:
        queue_mail(
            "kring.reports.report", person, "reports/report",
            {"group_name": group.name, "meeting_id": str(report.meeting_id), "report": report, "parts": parts,
             "meeting_start": report.meeting.starts_at, "full_text": group.full_text_in_mail},
            dedupe_key=f"report:{report.pk}:{person.pk}", about=report,
        )


def approval_requested(part: ReportCasePart, *, reminder: bool) -> None:
    """Ask the case bringer to approve her part of the draft. Group, date and a link only:
    the text of the part stays in Kring, behind her login."""
    meeting = part.report.meeting
    requested = part.approval_requested_at.isoformat() if part.approval_requested_at else ""
    queue_mail(
        "kring.reports.approval_reminder" if reminder else "kring.reports.approval_request", part.bringer,
        "reports/approval", {"group_name": meeting.group.name, "meeting_id": str(meeting.pk),
                             "meeting_start": meeting.starts_at, "reminder": reminder},
        dedupe_key=f"approval:{'reminder' if reminder else 'request'}:{part.pk}:{requested}", about=part,
    )
