"""When a run places nobody or few, the run page names the rule at fault with its
numbers and suggests the change; a proposal with no groups offers no Publish."""
from __future__ import annotations

from itertools import product

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kring.accounts.models import User
from kring.formation import diagnosis, run_actions
from kring.formation.models import Application, FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.formation.solver import model as sm
from kring.formation.tests.conftest import add_applicant
from kring.site.testing import run_tasks


def _applicant(i: int, team: str, slots: tuple[str, ...] = ("ma",), years: float = 3) -> sm.Applicant:
    return sm.Applicant(id=f"a{i}", name=f"A{i}", role="professional", discipline="", team=team, organisation="",
                        municipality="", experience_years=years, availability=frozenset(slots))


def _instance(applicants: list[sm.Applicant], capacity: int = 2, slots: tuple[str, ...] = ("ma",),
              **rules: object) -> sm.Instance:
    return sm.Instance(applicants=tuple(applicants),
                       facilitators=(sm.Facilitator(id="f", name="F", capacity=capacity, availability=frozenset(slots)),),
                       conflicts=(), rules=sm.Rules(**{"min_size": 6, "max_size": 8, **rules}))  # type: ignore[arg-type]


def _dutch(inst: sm.Instance) -> list[diagnosis.Finding]:
    with translation.override("nl"):
        return diagnosis.diagnose(inst)


def test_five_teams_for_groups_of_six_names_the_team_rule() -> None:
    found = _dutch(_instance([_applicant(i, f"team {i % 5}") for i in range(16)], outside_own_team=True))
    assert [f.rule for f in found] == ["outside_own_team"]
    assert found[0].problem == "Buiten je eigen team: maar 5 teams onder 16 aanmelders, groepen hebben er 6 nodig."
    assert "minimale groepsgrootte naar 5" in found[0].suggestion


def test_one_big_team_limits_the_number_of_groups() -> None:
    people = [_applicant(i, "groot" if i < 10 else f"team {i}") for i in range(18)]  # 10 + 8 single teams
    found = _dutch(_instance(people, capacity=3, outside_own_team=True))
    assert [f.rule for f in found] == ["outside_own_team"]
    assert "hooguit 1 groep van 6" in found[0].problem and "“groot” heeft alleen al 10 van de 18" in found[0].problem


def test_no_slot_with_enough_people_names_the_slot_rule() -> None:
    people = [_applicant(i, f"t{i}", ("ma",) if i < 4 else ("do",)) for i in range(9)]
    found = _dutch(_instance(people, slots=("ma", "do"), common_slot=True, outside_own_team=False))
    assert [f.rule for f in found] == ["common_slot"]
    assert "de meeste zijn 5, op do" in found[0].problem


def test_experience_and_capacity_and_size() -> None:
    young = [_applicant(i, f"t{i}", years=0.5 if i < 5 else 3) for i in range(8)]
    assert [f.rule for f in _dutch(_instance(young, min_experience_years=1.0))] == ["min_experience_years"]
    assert [f.rule for f in _dutch(_instance(young[:4]))] == ["min_size"]
    many = [_applicant(i, f"t{i}") for i in range(30)]
    found = _dutch(_instance(many, capacity=2, outside_own_team=False))
    assert [f.rule for f in found] == ["capacity"] and "hooguit 16 plaatsen voor 30 aanmelders" in found[0].problem
    assert [f.rule for f in _dutch(_instance(many, capacity=0))] == ["capacity"]
    feasible = [_applicant(i, f"t{i}") for i in range(12)]
    assert _dutch(_instance(feasible, outside_own_team=True)) == []


def test_the_count_of_groups_one_per_team_is_exact() -> None:
    """Against brute force: the most groups of m, each with distinct teams, by trying
    every assignment of the people to groups (small cases)."""
    def brute(sizes: tuple[int, ...], m: int) -> int:
        people = [t for t, n in enumerate(sizes) for _ in range(n)]
        best = 0
        for g in range(1, len(people) // m + 1):
            for assignment in product(range(g + 1), repeat=len(people)):  # g = left out
                groups = [[people[i] for i, a in enumerate(assignment) if a == k] for k in range(g)]
                if all(len(x) >= m and len(set(x)) == len(x) for x in groups):
                    best = g
                    break
        return best

    for sizes in [(3, 1, 1), (2, 2, 2), (4, 1, 1, 1), (2, 2, 1, 1), (3, 3, 1)]:
        for m in (2, 3):
            assert diagnosis.most_groups_one_per_team(list(sizes), m) == brute(sizes, m), (sizes, m)


@pytest.mark.django_db(transaction=True)
def test_a_run_that_forms_no_group_says_why_and_offers_no_publish(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity],
) -> None:
    # Groups of 3–4 outside their own team, and only two teams among eight applicants.
    people = [add_applicant(offer, f"Persoon {i}", team=("Noord", "Zuid")[i % 2], email=f"p{i}@example.org")
              for i in range(8)]
    run = run_actions.start_run(coordinator, offer, [p.pk for p in people], [c.pk for c in facilitators],
                                seconds=1, seed=3)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.groups == []
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Waarom er geen groep gevormd kon worden" in page
    assert "Buiten je eigen team: maar 2 teams onder 8 aanmelders, groepen hebben er 3 nodig." in page
    assert "Er is niets te publiceren" in page
    assert reverse("formation:run_publish", args=[run.pk]) not in page
    assert _published_form_shown_once_groups_exist(client, offer, coordinator, facilitators)


def _published_form_shown_once_groups_exist(client: Client, offer: Offer, coordinator: User,
                                            facilitators: list[FacilitatorCapacity]) -> bool:
    offer.outside_own_team = False
    offer.save()
    ids = list(Application.objects.filter(offer=offer).values_list("pk", flat=True))
    run = run_actions.start_run(coordinator, offer, ids, [c.pk for c in facilitators], seconds=1, seed=3)
    run_tasks()
    run = FormationRun.objects.get(pk=run.pk)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    return bool(run.groups) and reverse("formation:run_publish", args=[run.pk]) in page and "Waarom" not in page


