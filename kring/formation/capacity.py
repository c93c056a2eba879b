"""A facilitator's capacity is a number of groups per year (seed: "2 à 3 groepen op
jaarbasis"), not a countdown: what is free in a year is that number minus the groups of
the organisation they already lead that started (were created) in that calendar year. A
removed group, or a new year, gives the capacity back without anyone editing it."""
from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from kring.formation.models import FacilitatorCapacity
from kring.groups.roles import facilitated_groups


def groups_in_year(capacity: FacilitatorCapacity, year: int | None = None) -> int:
    year = year or timezone.localdate().year
    return facilitated_groups(capacity.person).filter(
        organisation_id=capacity.organisation_id, created_at__year=year).count()


def free_groups(capacity: FacilitatorCapacity, year: int | None = None) -> int:
    return max(0, capacity.groups_per_year - groups_in_year(capacity, year))


def with_free_groups(capacities: Iterable[FacilitatorCapacity]) -> list[FacilitatorCapacity]:
    """The capacities that can still take on a group this year."""
    return [c for c in capacities if free_groups(c) > 0]
