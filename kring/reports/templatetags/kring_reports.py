from __future__ import annotations

from typing import Any

from django import template

from kring.reports.hours import hours_label

register = template.Library()


@register.filter
def hours(minutes: Any) -> str:
    """Minutes as "h:mm"."""
    try:
        return hours_label(int(minutes))
    except (TypeError, ValueError):
        return ""
