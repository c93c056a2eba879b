"""Copying a built-in method for a group and adapting it; who may; bad input."""
from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.core.errors import Refused
from kring.groups.models import MemberRole
from kring.methods import actions
from kring.methods.catalogue import DATA_DIR, load_catalogue, load_method
from kring.methods.models import Method
from kring.organisations.models import OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    load_catalogue()
    coordinator = make_person("Coco Ordinator")
    org = make_org()
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org)
    facilitator, member = make_person("Fenna Begeleider"), make_person("Mo Lid")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    put_in_group(group, member)
    return {"group": group, "facilitator": facilitator, "member": member,
            "method": Method.objects.get(key="incidentmethode")}


def test_copy_and_adapt_keeps_the_original(world: dict[str, Any]) -> None:
    original = world["method"]
    copy = actions.copy_method(world["facilitator"], original, world["group"])
    assert copy.group == world["group"] and copy.based_on == original and copy.key is None
    assert copy.phases.count() == original.phases.count() == 10
    first = copy.phases.all()[0]
    actions.update_phase(world["facilitator"], first, title="Incident kort vertellen", minutes=3,
                         prompts="Luister.\nSchrijf mee.")
    actions.move_phase(world["facilitator"], first, +1)
    actions.delete_phase(world["facilitator"], copy.phases.order_by("order").reverse()[0])
    actions.add_phase(world["facilitator"], copy)
    actions.update_method(world["facilitator"], copy, name="Incident, kort", min_minutes=30, max_minutes=45)
    copy.refresh_from_db()
    titles = list(copy.phases.values_list("title", flat=True))
    assert titles[1] == "Incident kort vertellen" and titles[-1] == "Nieuwe fase"
    assert copy.name == "Incident, kort"
    assert original.phases.first().title == "1. Incident vertellen"  # the catalogue is untouched


def test_members_and_bad_input_are_refused(world: dict[str, Any]) -> None:
    with pytest.raises(Refused):
        actions.copy_method(world["member"], world["method"], world["group"])
    copy = actions.copy_method(world["facilitator"], world["method"], world["group"])
    with pytest.raises(Refused):
        actions.update_method(world["member"], copy, name="Van mij")
    with pytest.raises(Refused):
        actions.update_method(world["facilitator"], copy, name="   ")
    with pytest.raises(Refused):
        actions.update_method(world["facilitator"], copy, min_minutes=90, max_minutes=30)
    with pytest.raises(Refused):
        actions.update_phase(world["facilitator"], copy.phases.all()[0], minutes=0)
    with pytest.raises(Refused):
        actions.update_phase(world["facilitator"], copy.phases.all()[0], title="x" * 500)
    with pytest.raises(Refused):
        actions.update_method(world["facilitator"], world["method"], name="Catalogus wijzigen")  # built-in
    copy.refresh_from_db()
    assert copy.name.endswith("(onze versie)") or copy.name.endswith("(our version)")


def test_pages(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["facilitator"])
    listing = client.get(reverse("methods:list")).content.decode()
    assert "Roddelmethode" in listing and "Balintmethode" in listing
    response = client.post(reverse("methods:copy", args=[world["method"].pk]), {"group": str(world["group"].pk)})
    copy = Method.objects.get(group=world["group"])
    assert response.status_code == 302 and response["Location"] == reverse("methods:edit", args=[copy.pk])
    response = client.post(reverse("methods:edit", args=[copy.pk]), {
        "name": "", "summary": "x", "when_to_use": "", "min_group_size": 3, "max_group_size": 8,
        "min_minutes": 30, "max_minutes": 60})
    assert response.status_code == 200 and "errors" in response.content.decode()
    detail = client.get(reverse("methods:detail", args=[world["method"].pk])).content.decode()
    assert "Incident vertellen" in detail


def test_every_phase_has_english_and_pages_follow_the_reader(world: dict[str, Any]) -> None:
    for method in Method.objects.filter(group=None).prefetch_related("phases"):
        assert {"name", "summary", "when_to_use"} <= set(method.translations["en"]), method.key
        for phase in method.phases.all():
            english = phase.translations["en"]
            assert {"title", "purpose", "chair_instructions", "prompts"} <= set(english), (method.key, phase.title)
            assert len(english["prompts"].splitlines()) == len(phase.prompts.splitlines())
    method = world["method"]
    client = Client()
    client.force_login(world["member"])
    dutch = client.get(reverse("methods:detail", args=[method.pk])).content.decode()
    assert "1. Incident vertellen" in dutch and "Luister; stel nog geen vragen." in dutch
    world["member"].language = "en"
    world["member"].save()
    english = client.get(reverse("methods:detail", args=[method.pk])).content.decode()
    assert "1. Telling the incident" in english and "Listen; do not ask questions yet." in english
    assert "Stop the story at the moment" in english and "Incident vertellen" not in english
    assert "Incident method" in client.get(reverse("methods:list")).content.decode()


def test_a_newer_catalogue_file_brings_the_english_to_an_existing_database(db: None) -> None:
    raw = json.loads((DATA_DIR / "roddelmethode.json").read_text(encoding="utf-8"))
    Method.objects.filter(key="roddelmethode").delete()
    old = {**raw, "version": 1, "phases": [{k: v for k, v in p.items() if k != "translations"} for p in raw["phases"]]}
    load_method(old)
    assert Method.objects.get(key="roddelmethode").phases.all()[0].translations == {}
    assert load_catalogue()["roddelmethode"] == "updated"
    phase = Method.objects.get(key="roddelmethode").phases.get(order=2)
    assert phase.translations["en"]["title"] == "3. Gossiping" and phase.bringer_outside
    assert phase.translations["en"]["chair_instructions"].startswith("Let the case bringer")


def test_a_copy_keeps_the_texts_the_facilitator_wrote(world: dict[str, Any]) -> None:
    copy = actions.copy_method(world["facilitator"], world["method"], world["group"])
    first = copy.phases.all()[0]
    actions.update_phase(world["facilitator"], first, title="Ons eigen begin", purpose=first.purpose)
    client = Client()
    world["facilitator"].language = "en"
    world["facilitator"].save()
    client.force_login(world["facilitator"])
    page = client.get(reverse("methods:detail", args=[copy.pk])).content.decode()
    assert "Ons eigen begin" in page  # as written
    assert "Telling the incident" not in page and "2. Questions for information" in page  # untouched: translated
    assert "in the language they were written in" in page
    edit = client.get(reverse("methods:edit", args=[copy.pk])).content.decode()
    assert "shown exactly as you wrote them" in edit
