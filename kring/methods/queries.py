"""Reads of methods. Built-in methods are visible to everyone logged in; a group's own
method to whoever can see that group (methods carry no confidential content)."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from kring.accounts.models import Person
from kring.core.http import get_in_scope
from kring.groups.models import IntervisionGroup
from kring.groups.roles import managed_groups, reach, visible_groups
from kring.methods.models import Method, Phase


def visible_methods(person: Person) -> QuerySet[Method]:
    if not person.is_authenticated:
        return Method.objects.none()
    return Method.objects.filter(Q(group__isnull=True) | Q(group__in=visible_groups(person))).select_related("group")


def methods_for_group(group: IntervisionGroup) -> QuerySet[Method]:
    """What a meeting of this group can run: the catalogue and the group's own copies."""
    return Method.objects.filter(Q(group__isnull=True) | Q(group=group)).order_by("group_id", "name")


def get_method(person: Person, method_id: object) -> Method:
    return get_in_scope(visible_methods(person), pk=method_id)


def get_phase(method: Method, phase_id: object) -> Phase:
    return get_in_scope(method.phases.all(), pk=phase_id)


def can_edit(person: Person, method: Method) -> bool:
    return method.group is not None and reach(person, method.group).can_manage


def copy_targets(person: Person) -> QuerySet[IntervisionGroup]:
    """Groups this person may adapt methods for."""
    return managed_groups(person).order_by("name")
