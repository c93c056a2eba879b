"""The one write path for groups and memberships. Every function validates, writes,
leaves one audit entry and has its mail composed by ``notifications``, all in one transaction."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.groups import events, notifications, rules, signals
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.groups.roles import can_create_group, reach
from kring.organisations.models import Organisation

GROUP_FIELDS = (
    "name", "theme", "description", "min_size", "max_size", "composition", "discipline",
    "clients_allowed", "min_experience_years", "chair_rotates", "status",
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise ValueError(f"unknown group fields: {sorted(unknown)}")
    if not str(fields.get("name", "x")).strip():
        raise Refused(_("A group needs a name."))
    lo, hi = fields.get("min_size"), fields.get("max_size")
    if lo is not None and hi is not None and lo > hi:
        raise Refused(_("The minimum size cannot be larger than the maximum size."))


@transaction.atomic
def create_group(actor: User, organisation: Organisation | None, **fields: Any) -> IntervisionGroup:
    """Coordinators create groups for their organisation; an independent facilitator
    creates a group without one and becomes its facilitator."""
    if not can_create_group(actor, organisation):
        if organisation is None:
            raise Refused(_("Sign in to create a group."))
        raise Refused(_("Only a coordinator of %(org)s can create its groups.") % {"org": organisation.name})
    _check_fields(fields)
    group = IntervisionGroup(organisation=organisation, **fields)
    group.full_clean()
    group.save()
    if organisation is None:
        GroupMembership.objects.create(group=group, person=actor, role=MemberRole.FACILITATOR)
    audit(events.GROUP_CREATED, actor, group, name=group.name)
    return group


@transaction.atomic
def update_group(actor: User, group: IntervisionGroup, **fields: Any) -> IntervisionGroup:
    group = IntervisionGroup.objects.select_for_update().get(pk=group.pk)
    if not reach(actor, group).can_manage:
        raise Refused(_("Only the facilitator or a coordinator can change this group."))
    _check_fields(fields)
    members = group.memberships.filter(role=MemberRole.MEMBER).count()
    if "max_size" in fields and fields["max_size"] < members:
        raise Refused(
            _("The group already has %(n)d members; the maximum cannot be lower.") % {"n": members}
        )
    changed = {k: v for k, v in fields.items() if getattr(group, k) != v}
    for key, value in changed.items():
        setattr(group, key, value)
    group.full_clean()
    group.save()
    audit(events.GROUP_UPDATED, actor, group, fields=sorted(changed))
    return group


@transaction.atomic
def set_full_text_in_mail(actor: User, group: IntervisionGroup, on: bool) -> IntervisionGroup:
    """Whether mail about cases and reports carries their full text (off by default: titles,
    times and a link). The facilitator decides for the group; every member is told."""
    group = IntervisionGroup.objects.select_for_update().get(pk=group.pk)
    if not reach(actor, group).can_set_mail_policy:
        raise Refused(_("Only the facilitator of the group decides what mail may contain."))
    if group.full_text_in_mail == on:
        return group
    group.full_text_in_mail = on
    group.save(update_fields=["full_text_in_mail", "updated_at"])
    audit(events.MAIL_POLICY_CHANGED, actor, group, full_text_in_mail=on)
    notifications.mail_policy_changed(group, actor)
    return group


@transaction.atomic
def add_member(actor: User, group: IntervisionGroup, person: User, role: str = MemberRole.MEMBER) -> GroupMembership:
    # Lock the group row so two concurrent additions cannot both pass the size check.
    group = IntervisionGroup.objects.select_for_update().get(pk=group.pk)
    if not reach(actor, group).can_manage:
        raise Refused(_("Only the facilitator or a coordinator can add people to this group."))
    if role not in MemberRole.values:
        raise Refused(_("Unknown role."))
    reasons = rules.refusals(group, person, role)
    if reasons:
        raise Refused(*reasons)
    membership = GroupMembership.objects.create(group=group, person=person, role=role)
    audit(events.MEMBER_ADDED, actor, group, person=str(person.pk), role=role)
    notifications.welcome(group, person, role)
    # Other areas react (meetings sends the invitations to meetings already planned).
    signals.member_added.send(IntervisionGroup, group=group, person=person, role=role, actor=actor)
    return membership


@transaction.atomic
def remove_member(actor: User, membership: GroupMembership) -> None:
    group = IntervisionGroup.objects.select_for_update().get(pk=membership.group_id)
    if not reach(actor, group).can_manage:
        raise Refused(_("Only the facilitator or a coordinator can remove people from this group."))
    if membership.role == MemberRole.FACILITATOR and group.memberships.filter(role=MemberRole.FACILITATOR).count() == 1 and group.organisation_id is None:
        raise Refused(_("An independent group needs at least one facilitator."))
    person_id = str(membership.person_id)
    membership.delete()
    audit(events.MEMBER_REMOVED, actor, group, person=person_id, role=membership.role)
