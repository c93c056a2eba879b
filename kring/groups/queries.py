"""Reads of group data. Every one takes the person asking; anything outside their reach
does not exist for them (404). Who may see what is decided in ``kring.groups.roles``."""
from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from kring.accounts.models import Person, User
from kring.core.http import get_in_scope
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.groups.roles import circle_groups, managed_groups, visible_groups
from kring.organisations.models import Organisation, OrgInvitation, OrgMembership, hash_token


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


def open_invitation(token: str) -> OrgInvitation | None:
    """The invitation a link's token opens, if it can still be accepted. Whoever holds the
    link was mailed it; nothing is looked up by anything else."""
    invitation = (OrgInvitation.objects.select_related("organisation")
                  .filter(token_hash=hash_token(token), accepted_at__isnull=True, expires_at__gt=timezone.now()).first())
    return invitation


def account_exists(invitation: OrgInvitation) -> bool:
    """For the invitation page only: log in to accept, or create the account."""
    return User.objects.filter(email__iexact=invitation.email).exists()


def pending_invitations(organisation: Organisation) -> QuerySet[OrgInvitation]:
    """Invitations not yet accepted (for a caller who may manage the organisation)."""
    return organisation.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


def org_memberships(organisation: Organisation) -> QuerySet[OrgMembership]:
    return organisation.memberships.select_related("person").order_by("role", "person__name")
