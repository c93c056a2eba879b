"""Webhooks react to what other areas announce (their signals); nothing below imports the
API. Payloads carry ids and times, no personal text: a receiver that needs more asks the
API, where the same scoping applies."""
from __future__ import annotations

from typing import Any

from kring.api import webhooks
from kring.api.models import WebhookEvent
from kring.formation import signals as formation_signals
from kring.formation.models import Application, Offer
from kring.groups.models import IntervisionGroup
from kring.meetings import signals as meeting_signals
from kring.meetings.models import Meeting
from kring.reports import signals as report_signals
from kring.reports.models import AttendanceSheet


def _meeting_data(meeting: Meeting) -> dict[str, Any]:
    return {"meeting_id": meeting.pk, "group_id": meeting.group_id, "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at, "status": meeting.status, "sequence": meeting.sequence}


def application_received(sender: Any, application: Application, offer: Offer, **kwargs: Any) -> None:
    webhooks.queue(offer.organisation_id, WebhookEvent.APPLICATION_RECEIVED,
                   f"{application.pk}:{application.status_changed_at.isoformat()}",
                   {"application_id": application.pk, "offer_id": offer.pk, "status": application.status})


def group_published(sender: Any, group: IntervisionGroup, offer: Offer, **kwargs: Any) -> None:
    webhooks.queue(offer.organisation_id, WebhookEvent.GROUP_PUBLISHED, str(group.pk),
                   {"group_id": group.pk, "offer_id": offer.pk, "name": group.name})


def meeting_planned(sender: Any, meeting: Meeting, **kwargs: Any) -> None:
    webhooks.queue(meeting.group.organisation_id, WebhookEvent.MEETING_PLANNED, str(meeting.pk), _meeting_data(meeting))


def meeting_moved(sender: Any, meeting: Meeting, **kwargs: Any) -> None:
    webhooks.queue(meeting.group.organisation_id, WebhookEvent.MEETING_MOVED, f"{meeting.pk}:{meeting.sequence}",
                   _meeting_data(meeting))


def meeting_cancelled(sender: Any, meeting: Meeting, **kwargs: Any) -> None:
    webhooks.queue(meeting.group.organisation_id, WebhookEvent.MEETING_CANCELLED, str(meeting.pk), _meeting_data(meeting))


def attendance_confirmed(sender: Any, sheet: AttendanceSheet, **kwargs: Any) -> None:
    meeting = sheet.meeting
    confirmed = sheet.confirmed_at.isoformat() if sheet.confirmed_at else ""
    webhooks.queue(meeting.group.organisation_id, WebhookEvent.ATTENDANCE_CONFIRMED, f"{sheet.pk}:{confirmed}", {
        "meeting_id": meeting.pk, "group_id": meeting.group_id, "confirmed_at": sheet.confirmed_at,
        "present": sum(1 for line in sheet.lines.all() if line.attended), "lines": sheet.lines.count(),
    })


def connect() -> None:
    formation_signals.application_received.connect(application_received, dispatch_uid="kring.api.application_received")
    formation_signals.group_published.connect(group_published, dispatch_uid="kring.api.group_published")
    meeting_signals.meeting_planned.connect(meeting_planned, dispatch_uid="kring.api.meeting_planned")
    meeting_signals.meeting_moved.connect(meeting_moved, dispatch_uid="kring.api.meeting_moved")
    meeting_signals.meeting_cancelled.connect(meeting_cancelled, dispatch_uid="kring.api.meeting_cancelled")
    report_signals.attendance_confirmed.connect(attendance_confirmed, dispatch_uid="kring.api.attendance_confirmed")
