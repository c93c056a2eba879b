from __future__ import annotations

import pytest

from kring.formation import demo as formation_demo
from kring.formation import diagnosis, engine
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, Offer, Source
from kring.site.demo import load_core

pytestmark = pytest.mark.django_db


def test_demo_loads_an_open_offer_and_is_idempotent() -> None:
    demo = load_core()
    formation_demo.load(demo)
    counts = (Offer.objects.count(), Application.objects.count(), FacilitatorCapacity.objects.count())
    assert counts == (1, 20, 2)
    assert Offer.objects.get().is_open
    formation_demo.load(load_core())
    assert (Offer.objects.count(), Application.objects.count(), FacilitatorCapacity.objects.count()) == counts


def test_the_demo_offer_forms_groups_of_people_with_an_address() -> None:
    formation_demo.load(load_core())
    offer = Offer.objects.get(title=formation_demo.TITLE)
    imported = offer.applications.filter(source=Source.CSV)
    assert imported.count() == 18 and not imported.filter(email="").exists()
    accepted = list(offer.applications.filter(status=ApplicationStatus.ACCEPTED))
    outcome = engine.solve(offer, accepted, list(FacilitatorCapacity.objects.all()), seconds=3, seed=1, max_iterations=300)
    assert len(outcome.groups) == 2
    assert all(offer.min_size <= len(g["members"]) <= offer.max_size for g in outcome.groups)
    instance = engine.build_instance(offer, accepted, list(FacilitatorCapacity.objects.all()))
    assert diagnosis.diagnose(instance) == []  # no rule keeps people out by itself


def test_a_demo_loaded_before_gets_its_teams_and_addresses() -> None:
    demo = load_core()
    formation_demo.load(demo)
    imported = Application.objects.filter(source=Source.CSV)
    imported.update(team="Team 1", email="")  # as the earlier demo stored them
    formation_demo.load(demo)
    assert imported.filter(email="").count() == 0
    assert imported.values("team").distinct().count() == len(formation_demo.TEAMS)
