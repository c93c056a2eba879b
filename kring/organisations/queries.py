"""Reads about organisations, scoped to the person asking."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kring.organisations.models import Organisation, OrgMembership, OrgRole


def organisations_of(person: Any) -> QuerySet[Organisation]:
    if not person.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__person=person).distinct()


def coordinated_by(person: Any) -> QuerySet[Organisation]:
    if not person.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__person=person, memberships__role=OrgRole.COORDINATOR
    ).distinct()


def is_coordinator(person: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not person.is_authenticated:
        return False
    return OrgMembership.objects.filter(
        organisation=organisation, person=person, role=OrgRole.COORDINATOR
    ).exists()
