"""Mail the reports area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.accounts.models import User
from kring.mail.actions import queue_mail
from kring.reports.models import Report


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
