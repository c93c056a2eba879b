from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Relation, RelationKind, User
from kring.core.errors import Refused
from kring.formation import engine, run_actions
from kring.formation.capacity import free_groups
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.testing import run_tasks

from .conftest import add_applicant, member_applicant, person_of

pytestmark = pytest.mark.django_db


def make_run(offer: Offer, caps: list[FacilitatorCapacity], groups: list[list[Application]], unplaced: Sequence[Application] = ()) -> FormationRun:
    """A finished run with a proposal we choose, as the task would store it."""
    listed = [a for g in groups for a in g] + list(unplaced)
    spread = offer.spread()
    return FormationRun.objects.create(
        offer=offer, status=RunStatus.DONE, application_ids=[str(a.pk) for a in listed],
        capacity_ids=[str(c.pk) for c in caps],
        groups=[{"members": [a.solver_id for a in g], "facilitator": str(caps[i % len(caps)].pk), "slot": "ma-ochtend",
                 "score": engine.group_score(g, spread)} for i, g in enumerate(groups)],
        unplaced=[{"id": a.solver_id, "reason": "size", "message": ""} for a in unplaced],
        objective=sum(engine.group_score(g, spread) for g in groups), bound=100.0,
    )


@pytest.fixture
def people(offer: Offer, org: Organisation) -> list[Application]:
    towns = ["Utrecht", "Zeist", "Houten", "Nieuwegein"]
    return [member_applicant(offer, org, f"Deelnemer {i}", municipality=towns[i % 4]) for i in range(8)]


def test_the_solver_through_the_adapter(offer: Offer, facilitators: list[FacilitatorCapacity], people: list[Application]) -> None:
    a, b = people[0], people[1]
    Relation.objects.create(declared_by=person_of(a), other=person_of(b), kind=RelationKind.THERAPEUTIC)
    late = add_applicant(offer, "Nachtuil", availability=["zo-nacht"])
    outcome = engine.solve(offer, [*people, late], facilitators, seconds=2, seed=7, max_iterations=300)
    placed = [m for g in outcome.groups for m in g["members"]]
    assert sorted(placed) == sorted(p.solver_id for p in people)
    assert all(3 <= len(g["members"]) <= 4 for g in outcome.groups)
    assert not any({a.solver_id, b.solver_id} <= set(g["members"]) for g in outcome.groups)
    assert [u["id"] for u in outcome.unplaced] == [late.solver_id]
    assert "tijdsloten" in engine.reason_text(outcome.unplaced[0]["reason"])
    assert 0 < outcome.objective <= outcome.bound + 1e-9
    # Same seed and iteration budget: the same proposal.
    again = engine.solve(offer, [*people, late], facilitators, seconds=2, seed=7, max_iterations=300)
    assert again.groups == outcome.groups


@pytest.mark.django_db(transaction=True)  # the task is enqueued on commit and run by the worker
def test_a_run_goes_through_the_background_task(offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]) -> None:
    run = run_actions.start_run(coordinator, offer, [p.pk for p in people], [c.pk for c in facilitators], seconds=1, seed=3)
    assert run.status == RunStatus.QUEUED
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.bound is not None and run.objective is not None
    assert run.bound >= run.objective > 0 and run.gap is not None
    assert sum(len(g["members"]) for g in run.groups) == 8


@pytest.mark.parametrize(("ids", "caps", "seconds", "message"), [
    ("few", "all", 5, "minstens 3"),
    ("all", "none", 5, "begeleider"),
    ("all", "all", 500, "tijdslimiet"),
    ("declined", "all", 5, "alleen aangenomen"),
])
def test_start_run_is_checked(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], ids: str, caps: str, seconds: int, message: str
) -> None:
    chosen = {"few": people[:2], "all": people, "declined": [*people, add_applicant(offer, "Nee", status=ApplicationStatus.DECLINED)]}[ids]
    with pytest.raises(Refused, match=message):
        run_actions.start_run(coordinator, offer, [p.pk for p in chosen], [c.pk for c in facilitators] if caps == "all" else [], seconds=seconds)
    assert not FormationRun.objects.exists()


def test_moving_into_a_group_with_a_relation_is_refused_without_saying_which(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    Relation.objects.create(declared_by=person_of(people[0]), other=person_of(people[5]), kind=RelationKind.THERAPEUTIC)
    with pytest.raises(Refused) as refused:
        run_actions.move_member(coordinator, run, people[0].solver_id, "1")
    assert len(refused.value.messages) == 2
    assert refused.value.messages[0] == "Een groep heeft hoogstens 4 deelnemers."
    assert refused.value.messages[1] in {"Deelnemer 0 en Deelnemer 5 kunnen niet in één groep.",
                                         "Deelnemer 5 en Deelnemer 0 kunnen niet in één groep."}
    assert "therapeut" not in str(refused.value)
    run.refresh_from_db()
    assert run.groups[0]["members"][0] == people[0].solver_id


def test_moves_respect_sizes_and_update_the_score(offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]) -> None:
    run = make_run(offer, facilitators, [people[:3], people[3:7]], unplaced=[people[7]])
    with pytest.raises(Refused, match="minder dan 3"):
        run_actions.move_member(coordinator, run, people[0].solver_id, "1")
    with pytest.raises(Refused, match="hoogstens 4"):
        run_actions.move_member(coordinator, run, people[7].solver_id, "1")
    run = run_actions.move_member(coordinator, run, people[7].solver_id, "0")
    assert people[7].solver_id in run.groups[0]["members"] and run.unplaced == []
    assert run.objective == pytest.approx(sum(g["score"] for g in run.groups))
    assert run.groups[0]["score"] == pytest.approx(engine.group_score([*people[:3], people[7]], offer.spread()))
    for bad in ("7", "x", ""):
        with pytest.raises(Refused, match="Kies een groep"):
            run_actions.move_member(coordinator, run, people[1].solver_id, bad)
    with pytest.raises(Refused, match="hoort niet"):
        run_actions.move_member(coordinator, run, "00000000-0000-0000-0000-000000000000", "1")


def test_same_team_is_refused_when_the_offer_mixes_teams(offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], org: Organisation) -> None:
    apps = [member_applicant(offer, org, f"P{i}", team="Noord" if i in (0, 4) else f"T{i}") for i in range(7)]
    run = make_run(offer, facilitators, [apps[:3], apps[3:7]])
    with pytest.raises(Refused, match="hetzelfde team"):
        run_actions.move_member(coordinator, run, apps[4].solver_id, "0")


def test_publish_creates_groups_and_queues_mail(offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]) -> None:
    outsider = add_applicant(offer, "Zonder Account", email="zonder.account@example.org")
    run = make_run(offer, facilitators, [people[:4], [*people[4:7], outsider]], unplaced=[people[7]])
    created = run_actions.publish(coordinator, run)
    assert len(created) == 2
    first = IntervisionGroup.objects.get(pk=created[0].pk)
    assert first.min_size == 3 and first.max_size == 4 and first.organisation == offer.organisation
    members = set(GroupMembership.objects.filter(group=first, role=MemberRole.MEMBER).values_list("person", flat=True))
    assert members == {p.person_id for p in people[:4]}
    assert GroupMembership.objects.filter(group=first, role=MemberRole.FACILITATOR, person=facilitators[0].person).exists()
    welcome = OutboxMessage.objects.filter(kind="kring.group.welcome")
    assert welcome.count() == 8 + 2  # eight members (one invited just now), two facilitators
    assert OutboxMessage.objects.filter(kind="kring.account.invitation", to_email="zonder.account@example.org").count() == 1
    assert OutboxMessage.objects.filter(kind="kring.formation.not_placed", recipient=people[7].person).count() == 1
    people[7].refresh_from_db()
    outsider.refresh_from_db()
    assert people[7].status == ApplicationStatus.WAITING and outsider.status == ApplicationStatus.PLACED
    facilitators[0].refresh_from_db()
    # Two a year, one started now: one still free, and the yearly number itself unchanged.
    assert free_groups(facilitators[0]) == 1 and facilitators[0].groups_per_year == 2
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    with pytest.raises(Refused, match="al gepubliceerd"):
        run_actions.publish(coordinator, run)
    with pytest.raises(Refused, match="niet meer"):
        run_actions.move_member(coordinator, run, people[0].solver_id, "1")


def test_publish_refuses_a_group_that_breaks_a_rule_and_creates_nothing(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    Relation.objects.create(declared_by=person_of(people[0]), other=person_of(people[1]), kind=RelationKind.AUTHORITY)
    with pytest.raises(Refused, match="Groep 1: Deelnemer 0 en Deelnemer 1 kunnen niet in één groep"):
        run_actions.publish(coordinator, run)
    assert not IntervisionGroup.objects.exists() and not OutboxMessage.objects.exists()


def test_move_view_answers_htmx_with_the_proposal_and_the_reason(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:3], people[3:7]])
    client.force_login(coordinator)
    url = reverse("formation:run_move", args=[run.pk])
    response = client.post(url, {"application": people[0].solver_id, "target": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="proposal"' in html and "<html" not in html and "minder dan 3 deelnemers" in html
    response = client.post(url, {"application": people[3].solver_id, "target": "1", "numbered": "1"}, HTTP_HX_REQUEST="true")
    assert "Deze verplaatsing kan niet" not in response.content.decode()
    run.refresh_from_db()
    assert people[3].solver_id in run.groups[0]["members"]


def test_progress_redirects_htmx_once_the_run_is_finished(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    client.force_login(coordinator)
    url = reverse("formation:run_progress", args=[run.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("formation:run_detail", args=[run.pk])
    FormationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert 'value="40"' in response.content.decode() and "HX-Redirect" not in response
