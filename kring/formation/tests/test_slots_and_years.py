"""Time slots carry names people read; years of experience are written the Dutch way."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kring.accounts.models import User
from kring.core.errors import Refused
from kring.formation import actions
from kring.formation.forms import OfferForm
from kring.formation.models import FacilitatorCapacity, Offer
from kring.formation.slots import slot_label
from kring.organisations.models import Organisation
from kring.site.testing import join_org, make_person

from .conftest import add_applicant
from .test_runs import make_run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "dutch", "english"), [
    ("mon-am", "maandagochtend", "Monday morning"),
    ("ma-ochtend", "maandagochtend", "Monday morning"),
    ("do-middag", "donderdagmiddag", "Thursday afternoon"),
    ("thu-eve", "donderdagavond", "Thursday evening"),
    ("zo-avond", "zondagavond", "Sunday evening"),
    ("di-laat", "di-laat", "di-laat"),  # unknown: the code itself
    ("blok-3", "blok-3", "blok-3"),
])
def test_well_known_codes_have_names_in_both_languages(code: str, dutch: str, english: str) -> None:
    with translation.override("nl"):
        assert slot_label(code) == dutch
    with translation.override("en"):
        assert slot_label(code) == english


def test_the_offer_names_its_own_slots_and_drops_names_of_removed_slots(coordinator: User, org: Organisation) -> None:
    form = OfferForm({"title": "Avondgroep", "min_size": 4, "max_size": 6, "min_experience_years": "1",
                      "max_clients_per_group": 0, "common_slot": "on",
                      "slots": "mon-am\ndi-laat = dinsdag 19–21 uur\r\nwo-ochtend, do-avond",
                      **{f"spread_{a}": "0" for a in ("municipality", "team", "organisation", "discipline")}})
    assert form.is_valid(), form.errors
    offer = actions.create_offer(coordinator, org, **form.cleaned_data)
    assert offer.slots == ["mon-am", "di-laat", "wo-ochtend", "do-avond"]
    assert offer.slot_labels == {"di-laat": "dinsdag 19–21 uur"}
    assert [label for _code, label in offer.labelled_slots()] == ["maandagochtend", "dinsdag 19–21 uur", "woensdagochtend", "donderdagavond"]
    edit = OfferForm(instance=offer)
    assert edit.initial["slots"] == "mon-am\ndi-laat = dinsdag 19–21 uur\nwo-ochtend\ndo-avond"
    offer = actions.update_offer(coordinator, offer, slots=["mon-am"])
    assert offer.slot_labels == {}


@pytest.mark.parametrize(("slots", "message"), [
    ("Maandag ochtend!", "tijdslot"),
    ("= zonder code", "tijdslot"),
    ("x = " + "a" * 61, "hoogstens 60 tekens"),
])
def test_bad_slot_lines_are_explained(slots: str, message: str) -> None:
    form = OfferForm({"title": "X", "min_size": 4, "max_size": 6, "min_experience_years": "1", "max_clients_per_group": 0,
                      "slots": slots, **{f"spread_{a}": "0" for a in ("municipality", "team", "organisation", "discipline")}})
    assert not form.is_valid()
    assert message in " ".join(str(e) for e in form.errors["slots"])


def test_a_too_long_slot_name_is_refused_by_the_action(coordinator: User, offer: Offer) -> None:
    with pytest.raises(Refused, match="hoogstens 60 tekens"):
        actions.update_offer(coordinator, offer, slot_labels={"ma-ochtend": "x" * 61})


def test_pages_show_slot_names_and_dutch_years(
    client: Client, offer: Offer, coordinator: User, org: Organisation, facilitators: list[FacilitatorCapacity]
) -> None:
    actions.update_offer(coordinator, offer, slot_labels={"do-middag": "donderdag 13–15 uur"})
    person = make_person("Ilse Aanvrager")
    join_org(person, org)
    client.force_login(person)
    detail = client.get(reverse("formation:offer_detail", args=[offer.pk])).content.decode()
    assert "maandagochtend, donderdag 13–15 uur" in detail and "Minstens 1,0 jaar" in detail
    form = client.get(reverse("formation:apply", args=[offer.pk])).content.decode()
    assert ">maandagochtend</label>" in form and ">donderdag 13–15 uur</label>" in form

    add_applicant(offer, "Anna Half", experience_years=Decimal("2.5"), availability=["do-middag"])
    client.force_login(coordinator)
    listing = client.get(reverse("formation:applications", args=[offer.pk])).content.decode()
    assert "<td>2,5</td>" in listing and "<td>donderdag 13–15 uur</td>" in listing
    people = [add_applicant(offer, f"P{i}") for i in range(3)]
    run = make_run(offer, facilitators, [people])
    proposal = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Tijdslot: maandagochtend" in proposal


def test_the_eligibility_reason_writes_years_the_dutch_way(offer: Offer, org: Organisation) -> None:
    person = make_person("Ilse Aanvrager")
    join_org(person, org)
    with pytest.raises(Refused, match="minstens 1,0 jaar ervaring; jij hebt 0,5"):
        actions.apply(person, offer, role="professional", experience_years=Decimal("0.5"), availability=["ma-ochtend"])
