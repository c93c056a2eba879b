"""Who chairs: the facilitator, or — in groups where the chair rotates — the member after
the one who chaired the group's most recent live meeting (members in the order they
joined)."""
from __future__ import annotations

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup, MemberRole
from kring.groups.roles import facilitators
from kring.live.models import LiveSession


def rotation_order(group: IntervisionGroup) -> list[User]:
    return [m.person for m in group.memberships.filter(role=MemberRole.MEMBER)
            .select_related("person").order_by("created_at", "person__name")]


def next_chair(group: IntervisionGroup, exclude_session: LiveSession | None = None) -> User | None:
    if not group.chair_rotates:
        return facilitators(group).first()
    order = rotation_order(group)
    if not order:
        return None
    sessions = LiveSession.objects.filter(meeting__group=group, chair__isnull=False)
    if exclude_session is not None:
        sessions = sessions.exclude(pk=exclude_session.pk)
    last = sessions.order_by("-meeting__starts_at").select_related("chair").first()
    if last is None or last.chair not in order:
        return order[0]
    return order[(order.index(last.chair) + 1) % len(order)]
