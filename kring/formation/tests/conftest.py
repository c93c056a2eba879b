"""Fixtures for formation tests: an organisation with a coordinator, facilitators with
capacity, and an open offer, all made through the real actions."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kring.formation import actions
from kring.formation.models import Application, ApplicationStatus, Offer, Source
from kring.organisations.models import OrgRole
from kring.site.testing import join_org, make_org, make_person

SLOTS = ["ma-ochtend", "do-middag"]


@pytest.fixture
def org() -> Any:
    return make_org("Opleiding Noord")


@pytest.fixture
def coordinator(org: Any) -> Any:
    person = make_person("Carla Coördinator", email="carla@example.org")
    join_org(person, org, OrgRole.COORDINATOR)
    return person


@pytest.fixture
def offer(coordinator: Any, org: Any) -> Offer:
    return actions.create_offer(
        coordinator, org, title="Intervisie voorjaar", min_size=3, max_size=4, min_experience_years=Decimal("1"),
        outside_own_team=True, common_slot=True, slots=SLOTS, spread_municipality=Decimal("1"),
        spread_discipline=Decimal("0.5"), is_open=True,
    )


@pytest.fixture
def facilitators(coordinator: Any, org: Any) -> list[Any]:
    caps = []
    for name in ("Anne Begeleider", "Bert Begeleider"):
        person = make_person(name)
        join_org(person, org, OrgRole.FACILITATOR)
        caps.append(actions.set_capacity(coordinator, org, person, new_groups_free=2, availability=SLOTS))
    return caps


def add_applicant(offer: Offer, name: str, *, person: Any = None, status: str = ApplicationStatus.ACCEPTED, **fields: Any) -> Application:
    """Test setup: an application as the import would store it."""
    fields.setdefault("team", f"team-{name}")
    fields.setdefault("municipality", "Utrecht")
    fields.setdefault("discipline", "maatschappelijk werk")
    fields.setdefault("experience_years", Decimal("3"))
    fields.setdefault("availability", list(SLOTS))
    return Application.objects.create(
        offer=offer, person=person, name=name, source=Source.CSV if person is None else Source.WEB,
        external_id="" if person else name, status=status, **fields,
    )


def member_applicant(offer: Offer, org: Any, name: str, **fields: Any) -> Application:
    """An accepted applicant who is a person in Kring (so they can be published)."""
    person = make_person(name)
    join_org(person, org)
    return add_applicant(offer, name, person=person, **fields)
