"""Reads of group data. Every one takes the person asking; anything outside their reach
does not exist for them (404). Who may see what is decided in ``kring.groups.roles``."""
from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from kring.accounts.models import Person
from kring.core.http import get_in_scope
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.groups.roles import circle_groups, managed_groups, visible_groups


def get_group(person: Person, group_id: UUID | str) -> IntervisionGroup:
    return get_in_scope(visible_groups(person), pk=group_id)


def get_circle_group(person: Person, group_id: UUID | str) -> IntervisionGroup:
    return get_in_scope(circle_groups(person), pk=group_id)


def get_managed_group(person: Person, group_id: UUID | str) -> IntervisionGroup:
    return get_in_scope(managed_groups(person), pk=group_id)


def memberships(group: IntervisionGroup) -> QuerySet[GroupMembership]:
    """Members of a group the caller has already been given (via get_group)."""
    return group.memberships.select_related("person").order_by("role", "person__name")


def member_count(group: IntervisionGroup) -> int:
    return group.memberships.filter(role=MemberRole.MEMBER).count()
