"""Fixtures for formation tests: an organisation with a coordinator, facilitators with
capacity, and an open offer, all made through the real actions."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kring.accounts.models import User
from kring.formation import actions
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, Offer, Source
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_org, make_person

SLOTS = ["ma-ochtend", "do-middag"]
# What an applicant fills in on the web (actions.apply's fields).
APPLY: dict[str, Any] = {"role": "professional", "discipline": "GZ-psycholoog", "team": "Noord", "organisation_name": "Opleiding Noord",
                         "municipality": "Utrecht", "experience_years": Decimal("3"), "availability": ["ma-ochtend"], "motivation": "Graag!"}


@pytest.fixture
def org() -> Organisation:
    return make_org("Opleiding Noord")


@pytest.fixture
def coordinator(org: Organisation) -> User:
    person = make_person("Carla Coördinator", email="carla@example.org")
    join_org(person, org, OrgRole.COORDINATOR)
    return person


@pytest.fixture
def applicant(org: Organisation) -> User:
    person = make_person("Ilse Aanvrager")
    join_org(person, org)
    return person


@pytest.fixture
def offer(coordinator: User, org: Organisation) -> Offer:
    return actions.create_offer(
        coordinator, org, title="Intervisie voorjaar", min_size=3, max_size=4, min_experience_years=Decimal("1"),
        outside_own_team=True, common_slot=True, slots=SLOTS, spread_municipality=Decimal("1"),
        spread_discipline=Decimal("0.5"), is_open=True,
    )


@pytest.fixture
def facilitators(coordinator: User, org: Organisation) -> list[FacilitatorCapacity]:
    caps = []
    for name in ("Anne Begeleider", "Bert Begeleider"):
        person = make_person(name)
        join_org(person, org, OrgRole.FACILITATOR)
        caps.append(actions.set_capacity(coordinator, org, person, groups_per_year=2, availability=SLOTS))
    return caps


def add_applicant(offer: Offer, name: str, *, person: User | None = None, status: str = ApplicationStatus.ACCEPTED, **fields: Any) -> Application:
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


def person_of(application: Application) -> User:
    """The person in Kring behind an application made by member_applicant (or in Kring)."""
    assert application.person is not None
    return application.person


def member_applicant(offer: Offer, org: Organisation, name: str, **fields: Any) -> Application:
    """An accepted applicant who is a person in Kring (so they can be published)."""
    person = make_person(name)
    join_org(person, org)
    return add_applicant(offer, name, person=person, **fields)
