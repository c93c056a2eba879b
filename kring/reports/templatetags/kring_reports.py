from __future__ import annotations

from typing import Any, SupportsInt

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Person
from kring.groups.models import IntervisionGroup
from kring.groups.roles import Reach
from kring.meetings.models import Meeting
from kring.reports import queries
from kring.reports.hours import hours_label
from kring.reports.models import ReportCasePart

register = template.Library()


@register.filter
def hours(minutes: object) -> str:
    """Minutes as "h:mm" (nothing for what is not a number of minutes)."""
    if not isinstance(minutes, (str, SupportsInt)):
        return ""
    try:
        return hours_label(int(minutes))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def reports_group_panel(group: IntervisionGroup, reach: Reach, user: Person) -> dict[str, Any]:
    """What the group page shows of this area, for this person."""
    if not reach.in_circle:
        return {"circle": False}
    meetings = list(queries.past_meetings(group).select_related("report", "attendance_sheet")[:6])
    return {"circle": True, "meetings": meetings, "look_back": queries.read_look_back(user, group, timezone.now())}


@register.simple_tag
def reports_awaiting_approval(user: Person) -> list[ReportCasePart]:
    """The dashboard's to-do: parts of report drafts this person is asked to approve."""
    return list(queries.awaiting_my_approval(user))


@register.filter
def report_state(meeting: Meeting) -> str:
    try:
        report = meeting.report
    except ObjectDoesNotExist:
        return str(_("no report yet"))
    return str(report.get_status_display())


@register.filter
def lookup(mapping: object, key: object) -> object:
    return mapping.get(key) if hasattr(mapping, "get") else None
