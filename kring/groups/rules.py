"""The hard rules for who may be in a group. Shared by adding members by hand and by the
formation flow, so both refuse for the same reasons with the same words."""
from __future__ import annotations

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kring.accounts.models import Relation, Role, User
from kring.groups.models import Composition, GroupMembership, IntervisionGroup, MemberRole


def related_people(person: User, others: list[User]) -> list[User]:
    """People in ``others`` with whom ``person`` has a declared relation, in either direction.
    Callers must never say which kind of relation it is, nor who declared it."""
    ids = [o.pk for o in others if o.pk != person.pk]
    if not ids:
        return []
    pairs = Relation.objects.filter(
        Q(declared_by=person, other_id__in=ids) | Q(other=person, declared_by_id__in=ids)
    ).values_list("declared_by_id", "other_id")
    hit = {a if b == person.pk else b for a, b in pairs}
    return [o for o in others if o.pk in hit]


def refusals(group: IntervisionGroup, person: User, role: str) -> list[str]:
    """Every reason ``person`` cannot join ``group`` in ``role``, as messages for the person
    adding them. Empty when they may join."""
    current = list(
        GroupMembership.objects.filter(group=group).select_related("person").exclude(person=person)
    )
    if GroupMembership.objects.filter(group=group, person=person).exists():
        return [_("%(name)s is already in this group.") % {"name": person.name}]
    reasons: list[str] = []
    for other in related_people(person, [m.person for m in current]):
        reasons.append(_("%(a)s and %(b)s cannot be in one group.") % {"a": person.name, "b": other.name})
    if role != MemberRole.MEMBER:
        return reasons
    members = sum(1 for m in current if m.role == MemberRole.MEMBER)
    if members >= group.max_size:
        reasons.append(_("The group is full: at most %(max)d members.") % {"max": group.max_size})
    if person.experience_years < group.min_experience_years:
        reasons.append(
            _("%(name)s has %(years)s years of experience; this group asks for at least %(min)s.")
            % {"name": person.name, "years": number_format(person.experience_years, 1),
               "min": number_format(group.min_experience_years, 1)}
        )
    if person.role == Role.CLIENT and not group.clients_allowed:
        reasons.append(
            _("This group is for professionals only; %(name)s takes part as a client.") % {"name": person.name}
        )
    if (
        group.composition == Composition.MONODISCIPLINARY
        and person.role == Role.PROFESSIONAL
        and group.discipline
        and person.discipline.strip().lower() != group.discipline.strip().lower()
    ):
        reasons.append(
            _("This group is for %(discipline)s only; %(name)s is %(other)s.")
            % {"discipline": group.discipline, "name": person.name, "other": person.discipline or _("without a discipline")}
        )
    return reasons
