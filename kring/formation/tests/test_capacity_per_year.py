"""Facilitator capacity is a number of groups per year ("2 à 3 groepen op jaarbasis"):
groups started in a year use it up, a new year or a removed group gives it back, and
nothing is counted down by hand."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kring.accounts.models import User
from kring.formation import actions
from kring.formation.capacity import free_groups, groups_in_year, with_free_groups
from kring.formation.models import FacilitatorCapacity
from kring.groups.models import IntervisionGroup, MemberRole
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

from .conftest import SLOTS

pytestmark = pytest.mark.django_db


def _lead(coordinator: User, org: Organisation, person: User, name: str) -> IntervisionGroup:
    group = make_group(coordinator, org, name)
    put_in_group(group, person, MemberRole.FACILITATOR)
    return group


def test_groups_started_this_year_use_the_yearly_capacity_and_a_new_year_gives_it_back(
        coordinator: User, org: Organisation) -> None:
    extern = make_person("Esther Extern")
    join_org(extern, org, OrgRole.FACILITATOR)
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)):
        cap = actions.set_capacity(coordinator, org, extern, groups_per_year=3, availability=SLOTS)
        assert free_groups(cap) == 3
        first = _lead(coordinator, org, extern, "Team Noord")
        _lead(coordinator, org, extern, "Team Zuid")
        # A group elsewhere and a group she is only a member of do not count here.
        other = make_org("Andere organisatie")
        other_coordinator = make_person("Olga Ander")
        join_org(other_coordinator, other, OrgRole.COORDINATOR)
        _lead(other_coordinator, other, extern, "Elders")
        put_in_group(make_group(coordinator, org, "Zij doet mee"), extern)
        assert groups_in_year(cap) == 2 and free_groups(cap) == 1
        _lead(coordinator, org, extern, "Team Oost")
        assert free_groups(cap) == 0 and with_free_groups([cap]) == []
        first.delete()  # a group that did not go ahead
        assert free_groups(cap) == 1
    with time_machine.travel(dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC)):
        cap.refresh_from_db()
        assert cap.groups_per_year == 3 and free_groups(cap) == 3
        assert free_groups(cap, year=2026) == 1


def test_the_capacity_page_asks_per_year_and_shows_this_year(coordinator: User, org: Organisation) -> None:
    extern = make_person("Esther Extern")
    join_org(extern, org, OrgRole.FACILITATOR)
    client = Client()
    client.force_login(coordinator)
    url = f"/vorming/organisatie/{org.pk}/begeleiders/"
    saved = client.post(url, {"person": str(extern.pk), "groups_per_year": "3", "availability": "ma-ochtend"})
    assert saved.status_code == 302
    _lead(coordinator, org, extern, "Team Noord")
    page = " ".join(client.get(url).content.decode().split())
    assert "Groepen per jaar" in page and "Dit jaar: 1 groep gestart, 2 nog vrij." in page
    bad = client.post(url, {"person": str(extern.pk), "groups_per_year": "-1", "availability": ""})
    assert bad.status_code == 422
    assert FacilitatorCapacity.objects.get(person=extern).groups_per_year == 3
