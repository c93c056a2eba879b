from __future__ import annotations

from typing import Any

from django import template

from kring.meetings import queries

register = template.Library()


@register.simple_tag
def upcoming_meetings(group: Any, limit: int = 5) -> list[Any]:
    """For the group page panel (the page already checked the group is visible)."""
    return list(queries.upcoming(queries.group_meetings(group))[:limit])


@register.simple_tag
def my_upcoming_meetings(person: Any, limit: int = 5) -> list[Any]:
    return list(queries.my_upcoming(person)[:limit])

