"""Reads of group data. Every one takes the person asking; anything outside their reach
does not exist for them (404)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from kring.core.http import get_in_scope
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.organisations.models import OrgRole


@dataclass(frozen=True)
class Reach:
    """What one person may do with one group."""

    member: bool = False
    facilitator: bool = False
    coordinator: bool = False
    staff: bool = False

    @property
    def can_view(self) -> bool:
        return self.member or self.facilitator or self.coordinator or self.staff

    @property
    def can_manage(self) -> bool:
        return self.facilitator or self.coordinator

    @property
    def in_circle(self) -> bool:
        """Only the circle (members and facilitators) ever sees cases, notes and reports."""
        return self.member or self.facilitator


def _visible_q(person: Any) -> Q:
    return (
        Q(memberships__person=person)
        | Q(organisation__memberships__person=person, organisation__memberships__role=OrgRole.COORDINATOR)
    )


def visible_groups(person: Any) -> QuerySet[IntervisionGroup]:
    if not person.is_authenticated:
        return IntervisionGroup.objects.none()
    if person.is_staff:
        return IntervisionGroup.objects.all()
    return IntervisionGroup.objects.filter(_visible_q(person)).distinct()


def circle_groups(person: Any) -> QuerySet[IntervisionGroup]:
    """Groups whose confidential content (cases, notes, reports) this person may see."""
    if not person.is_authenticated:
        return IntervisionGroup.objects.none()
    return IntervisionGroup.objects.filter(memberships__person=person).distinct()


def managed_groups(person: Any) -> QuerySet[IntervisionGroup]:
    if not person.is_authenticated:
        return IntervisionGroup.objects.none()
    return IntervisionGroup.objects.filter(
        Q(memberships__person=person, memberships__role=MemberRole.FACILITATOR)
        | Q(organisation__memberships__person=person, organisation__memberships__role=OrgRole.COORDINATOR)
    ).distinct()


def get_group(person: Any, group_id: Any) -> IntervisionGroup:
    return get_in_scope(visible_groups(person), pk=group_id)


def get_circle_group(person: Any, group_id: Any) -> IntervisionGroup:
    return get_in_scope(circle_groups(person), pk=group_id)


def get_managed_group(person: Any, group_id: Any) -> IntervisionGroup:
    return get_in_scope(managed_groups(person), pk=group_id)


def reach(person: Any, group: IntervisionGroup) -> Reach:
    if not person.is_authenticated:
        return Reach()
    roles = set(GroupMembership.objects.filter(group=group, person=person).values_list("role", flat=True))
    coordinator = bool(group.organisation_id) and group.organisation.memberships.filter(
        person=person, role=OrgRole.COORDINATOR
    ).exists()
    return Reach(
        member=MemberRole.MEMBER in roles,
        facilitator=MemberRole.FACILITATOR in roles,
        coordinator=coordinator,
        staff=person.is_staff,
    )


def memberships(group: IntervisionGroup) -> QuerySet[GroupMembership]:
    """Members of a group the caller has already been given (via get_group)."""
    return group.memberships.select_related("person").order_by("role", "person__name")


def member_count(group: IntervisionGroup) -> int:
    return group.memberships.filter(role=MemberRole.MEMBER).count()


def facilitators(group: IntervisionGroup) -> list[Any]:
    return [m.person for m in group.memberships.filter(role=MemberRole.FACILITATOR).select_related("person")]
