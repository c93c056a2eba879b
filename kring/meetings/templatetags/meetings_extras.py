from __future__ import annotations

from django import template

from kring.accounts.models import Person
from kring.groups.models import IntervisionGroup
from kring.meetings import queries
from kring.meetings.models import Meeting

register = template.Library()


@register.simple_tag
def upcoming_meetings(group: IntervisionGroup, limit: int = 5) -> list[Meeting]:
    """For the group page panel (the page already checked the group is visible)."""
    return list(queries.upcoming(queries.group_meetings(group))[:limit])


@register.simple_tag
def my_upcoming_meetings(person: Person, limit: int = 5) -> list[Meeting]:
    return list(queries.my_upcoming(person)[:limit])
