from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist

from kring.reports.hours import hours_label

register = template.Library()


@register.filter
def hours(minutes: Any) -> str:
    """Minutes as "h:mm"."""
    try:
        return hours_label(int(minutes))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def reports_group_panel(group: Any, reach: Any, user: Any) -> dict[str, Any]:
    """What the group page shows of this area, for this person."""
    from django.utils import timezone

    from kring.reports import queries

    if not reach.in_circle:
        return {"circle": False}
    meetings = list(queries.past_meetings(group).select_related("report", "attendance_sheet")[:6])
    return {"circle": True, "meetings": meetings, "look_back": queries.look_back(group, timezone.now())}


@register.filter
def report_state(meeting: Any) -> str:
    from django.utils.translation import gettext as _

    try:
        report = meeting.report
    except ObjectDoesNotExist:
        return str(_("no report yet"))
    return str(report.get_status_display())


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
