"""Run options and outcomes: an exact number of groups, a proposal the checker rejects,
and facilitators who have a relation with a member."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Relation, RelationKind, User
from kring.core.errors import Refused
from kring.formation import engine, run_actions
from kring.formation.models import Application, FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.groups.models import IntervisionGroup
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.testing import run_tasks

from .conftest import member_applicant, person_of
from .test_runs import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(offer: Offer, org: Organisation) -> list[Application]:
    return [member_applicant(offer, org, f"Deelnemer {i}", municipality=["Utrecht", "Zeist"][i % 2]) for i in range(8)]


# --- Facilitator relations ---------------------------------------------------------------------

def test_a_move_into_the_group_of_a_related_facilitator_is_refused(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:3], people[3:7]], unplaced=[people[7]])
    facilitator = facilitators[0].person  # leads group 1 (make_run gives group i the i-th facilitator)
    Relation.objects.create(declared_by=person_of(people[7]), other=facilitator, kind=RelationKind.THERAPEUTIC)
    with pytest.raises(Refused) as refused:
        run_actions.move_member(coordinator, run, people[7].solver_id, "0")
    assert refused.value.messages == [f"{facilitator.name} en Deelnemer 7 kunnen niet in één groep."]
    run.refresh_from_db()
    assert people[7].solver_id not in run.groups[0]["members"]


def test_publish_refuses_a_group_whose_facilitator_has_a_relation_with_a_member(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    facilitator = facilitators[1].person  # the relation is declared by the facilitator this time
    Relation.objects.create(declared_by=facilitator, other=person_of(people[5]), kind=RelationKind.AUTHORITY)
    with pytest.raises(Refused) as refused:
        run_actions.publish(coordinator, run)
    assert refused.value.messages == [f"Groep 2: {facilitator.name} en Deelnemer 5 kunnen niet in één groep."]
    assert "gezag" not in str(refused.value) and "therapeut" not in str(refused.value)
    assert not IntervisionGroup.objects.exists() and not OutboxMessage.objects.exists()


# --- An exact number of groups --------------------------------------------------------------

@pytest.mark.parametrize(("num_groups", "message"), [
    (0, "kies van 1 tot 2 groepen"),
    (3, "kies van 1 tot 2 groepen"),
])
def test_num_groups_is_checked(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], num_groups: int, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        run_actions.start_run(coordinator, offer, [p.pk for p in people[:7]], [c.pk for c in facilitators], num_groups=num_groups)
    assert not FormationRun.objects.exists()


def test_num_groups_cannot_exceed_the_facilitators_capacity(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    type(facilitators[0]).objects.filter(pk=facilitators[0].pk).update(groups_per_year=1)
    with pytest.raises(Refused, match="kunnen 1 nieuwe groep aannemen, niet 2"):
        run_actions.start_run(coordinator, offer, [p.pk for p in people], [facilitators[0].pk], num_groups=2)
    assert not FormationRun.objects.exists()


def test_num_groups_from_the_form_reaches_the_engine(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def solve(offer: Offer, applications: Any, capacities: Any, *, seconds: float, seed: int, progress: Any = None,
              max_iterations: Any = None, num_groups: int | None = None) -> engine.Outcome:
        seen["num_groups"] = num_groups
        return engine.Outcome(groups=[], unplaced=[], objective=0.0, bound=0.0)

    monkeypatch.setattr(engine, "solve", solve)
    client.force_login(coordinator)
    response = client.post(reverse("formation:run_new", args=[offer.pk]), {
        "applications": [str(p.pk) for p in people], "capacities": [str(c.pk) for c in facilitators],
        "seconds": "1", "num_groups": "2",
    })
    run = FormationRun.objects.get()
    assert response.status_code == 302 and run.num_groups == 2
    # The task itself, run inline: this test's transaction is not visible to a worker.
    from kring.formation.tasks import form_groups

    assert form_groups.func(str(run.pk)) == "done"
    assert seen == {"num_groups": 2}


def test_an_exact_number_of_groups_reaches_the_real_solver(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = run_actions.start_run(coordinator, offer, [p.pk for p in people], [c.pk for c in facilitators], seconds=2, num_groups=2)
    from kring.formation.tasks import form_groups

    assert form_groups.func(str(run.pk)) == "done"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and len(run.groups) == 2


# --- The checker rejects the proposal ------------------------------------------------------------

class _Group:
    def __init__(self, members: list[str], facilitator: str) -> None:
        self.members, self.facilitator, self.slot, self.score = members, facilitator, "ma-ochtend", 1.0


class _Result:
    """What the solver returns, with a violation its own checker found."""

    def __init__(self, members: list[str], facilitator: str) -> None:
        self.groups = [_Group(members, facilitator)]
        self.unplaced: list[Any] = []
        self.objective, self.bound = 1.0, 1.0
        self.violations = ["group 0: conflict pair (a, b) together"]


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_proposal_breaks_a_rule_fails_with_a_clear_message(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [p.solver_id for p in people[:4]]
    monkeypatch.setattr(engine, "_solve_function", lambda: (lambda instance, **kw: _Result(members, str(facilitators[0].pk))))
    run = run_actions.start_run(coordinator, offer, [p.pk for p in people], [c.pk for c in facilitators], seconds=1, seed=1)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == "violations" and run.groups == []
    client.force_login(coordinator)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "brak een van de harde regels" in page and "Voorstel" not in page
    assert "conflict pair" not in page  # the checker's own words are for the log, not the page


def test_with_many_accepted_applicants_everyone_is_placed_without_a_checkbox_each(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kring.formation import run_views

    monkeypatch.setattr(run_views, "PICK_LIMIT", 5)
    client.force_login(coordinator)
    url = reverse("formation:run_new", args=[offer.pk])
    page = client.get(url).content.decode()
    assert 'name="applications"' not in page and "Alle 8 aangenomen aanmelders worden geplaatst." in page
    response = client.post(url, {"capacities": [str(c.pk) for c in facilitators], "seconds": "1"})
    assert response.status_code == 302
    assert sorted(FormationRun.objects.get().application_ids) == sorted(str(p.pk) for p in people)
