"""A coordinator's script, through the API alone: import 1,500 applicants, start a run,
read the proposal. (The task worker runs between the calls, as it would on the server.)"""
from __future__ import annotations

import pytest

from kring.api import scopes
from kring.api.tests.conftest import api_as
from kring.formation.models import FacilitatorCapacity, Offer
from kring.organisations.models import OrgRole
from kring.site.testing import join_org, make_org, make_person, run_tasks

SLOTS = ["ma-ochtend", "do-middag"]
HEADER = "id,name,role,discipline,team,organisation,municipality,experience_years,availability"


@pytest.mark.django_db(transaction=True)  # the run is enqueued on commit and run by the worker
def test_import_1500_start_a_run_and_read_the_proposal() -> None:
    org = make_org("Zorggroep Oost")
    coordinator = make_person("Coby Coördinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    for i in range(4):
        facilitator = make_person(f"Begeleider {i}")
        join_org(facilitator, org, OrgRole.FACILITATOR)
        FacilitatorCapacity.objects.create(organisation=org, person=facilitator, groups_per_year=50, availability=SLOTS)
    Offer.objects.create(organisation=org, title="Intervisie 2027", min_size=6, max_size=10, slots=SLOTS, is_open=True)

    script = api_as(coordinator, scopes.READ, scopes.FORMATION)
    offer = next(o for o in script.get("/offers").json() if o["title"] == "Intervisie 2027")
    towns = ["Enschede", "Hengelo", "Almelo", "Deventer"]
    rows = [f"p{i},Deelnemer {i},professional,GZ,Team {i % 9},Zorggroep Oost,{towns[i % 4]},{1 + i % 12},{SLOTS[i % 2]}"
            for i in range(1500)]
    imported = script.post(f"/offers/{offer['id']}/applicants/import", {"csv": "\n".join([HEADER, *rows]) + "\n"})
    assert imported.status_code == 201, imported.content[:500]
    assert imported.json() == {"imported": 1500}
    assert len(script.get(f"/offers/{offer['id']}/applications").json()) == 1500

    started = script.post(f"/offers/{offer['id']}/runs/start", {"seconds": 5})
    assert started.status_code == 202, started.content[:500]
    run_id = started.json()["id"]
    assert started.json()["finished"] is False
    run_tasks()
    proposal = script.get(f"/runs/{run_id}").json()
    assert proposal["status"] == "done" and proposal["finished"]
    placed = [m["application_id"] for g in proposal["groups"] for m in g["members"]]
    assert len(placed) + len(proposal["unplaced"]) == 1500 and len(set(placed)) == len(placed)
    assert all(6 <= len(g["members"]) <= 10 and g["facilitator"] for g in proposal["groups"])
    assert {g["slot"] for g in proposal["groups"]} <= set(SLOTS)
