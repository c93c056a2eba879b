"""Groups and their members: the same queries as the group pages."""
from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router

from kring.api import events, scopes
from kring.api.auth import caller
from kring.api.schemas import GroupOut, MeetingOut, MemberOut
from kring.api.serialize import PROBLEMS, meeting_out
from kring.audit.actions import log_access
from kring.groups import queries
from kring.groups.models import GroupMembership, IntervisionGroup
from kring.groups.roles import reach, visible_groups
from kring.meetings.queries import group_meetings

router = Router(tags=["groups"])


def _group_out(group: IntervisionGroup, roles: list[str]) -> dict[str, Any]:
    """A plain dict: ninja validates the response against GroupOut once, so building the
    schema object here as well would only double the work ("my groups" is the hot path)."""
    org = group.organisation
    return {
        "id": group.pk, "name": group.name, "theme": group.theme, "status": group.status,
        "organisation": {"id": org.pk, "name": org.name} if org else None,
        "min_size": group.min_size, "max_size": group.max_size, "chair_rotates": group.chair_rotates, "my_roles": roles,
    }


def _roles(request: HttpRequest, group: IntervisionGroup) -> list[str]:
    r = reach(request.user, group)
    return [name for name, held in (("member", r.member), ("facilitator", r.facilitator),
                                    ("coordinator", r.coordinator), ("staff", r.staff)) if held]


def _group(request: HttpRequest, group_id: UUID) -> IntervisionGroup:
    who = caller(request, scopes.READ)
    group = queries.get_group(who.person, group_id)
    who.within(group.organisation_id)
    return group


@router.get("/me/groups", response={200: list[GroupOut], **PROBLEMS}, url_name="my_groups", operation_id="my_groups",
            summary="The groups I can see (as on my dashboard)")
def my_groups(request: HttpRequest) -> list[dict[str, Any]]:
    who = caller(request, scopes.READ)
    groups = list(visible_groups(who.person).select_related("organisation").order_by("name"))
    if who.organisation_id is not None:
        groups = [g for g in groups if g.organisation_id == who.organisation_id]
    # One query for the caller's own roles, not every group's members.
    held: dict[UUID, set[str]] = defaultdict(set)
    for group_id, role in GroupMembership.objects.filter(person=who.person, group__in=groups).values_list("group_id", "role"):
        held[group_id].add(role)
    return [_group_out(group, sorted(held[group.pk])) for group in groups]


@router.get("/groups/{group_id}", response={200: GroupOut, **PROBLEMS}, url_name="group", operation_id="group",
            summary="One group (without confidential fields)")
def group(request: HttpRequest, group_id: UUID) -> dict[str, Any]:
    found = _group(request, group_id)
    return _group_out(found, _roles(request, found))


@router.get("/groups/{group_id}/members", response={200: list[MemberOut], **PROBLEMS}, url_name="group_members",
            operation_id="group_members", summary="Members of a group, as its page shows them")
def group_members(request: HttpRequest, group_id: UUID) -> list[MemberOut]:
    found = _group(request, group_id)
    manage = reach(request.user, found).can_manage
    log_access(events.MEMBERS_READ, request.user, found, on_behalf_of="api")
    return [MemberOut(name=m.person.name, role=m.role, takes_part_as=m.person.role if manage else None)
            for m in queries.memberships(found)]


@router.get("/groups/{group_id}/meetings", response={200: list[MeetingOut], **PROBLEMS}, url_name="group_meetings",
            operation_id="group_meetings", summary="Meetings of a group")
def meetings_of_group(request: HttpRequest, group_id: UUID) -> list[MeetingOut]:
    found = _group(request, group_id)
    return [meeting_out(request, m) for m in group_meetings(found).order_by("starts_at")]
