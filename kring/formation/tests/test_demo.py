from __future__ import annotations

import pytest

from kring.formation import demo as formation_demo
from kring.formation.models import Application, FacilitatorCapacity, Offer
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
