"""Publishing is background work: the POST checks and enqueues, the task creates the
groups batch by batch with visible progress, a second request is refused, and a failure
says clearly what was (not) published and can be continued."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Relation, RelationKind, User
from kring.core.errors import Refused
from kring.formation import actions, run_actions
from kring.formation.capacity import free_groups
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.groups.models import GroupMembership, IntervisionGroup
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.testing import run_tasks

from .conftest import member_applicant, person_of
from .test_runs import make_run


@pytest.fixture
def people(offer: Offer, org: Organisation) -> list[Application]:
    return [member_applicant(offer, org, f"Deelnemer {i}", municipality=["Utrecht", "Zeist"][i % 2]) for i in range(8)]


@pytest.mark.django_db(transaction=True)  # enqueued on commit, run by the worker
def test_the_post_enqueues_the_page_shows_progress_and_a_second_click_is_refused(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    client.force_login(coordinator)
    url = reverse("formation:run_publish", args=[run.pk])
    response = client.post(url, follow=True)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHING and run.publish_total == 2 and run.publish_by == coordinator
    assert not IntervisionGroup.objects.exists()  # nothing yet: the worker does it
    page = response.content.decode()
    assert "Publiceren… 0 van 2 groepen" in page and "hx-get" in page
    progress = client.get(reverse("formation:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "Publiceren… 0 van 2 groepen" in progress.content.decode() and "HX-Redirect" not in progress

    again = client.post(url, follow=True).content.decode()
    assert "Dit voorstel wordt al gepubliceerd" in again
    with pytest.raises(Refused, match="wordt al gepubliceerd"):
        run_actions.request_publish(coordinator, run)

    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED and run.publish_done == 2
    assert IntervisionGroup.objects.count() == 2
    assert OutboxMessage.objects.filter(kind="kring.group.welcome").count() == 8 + 2
    progress = client.get(reverse("formation:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Redirect"] == reverse("formation:run_detail", args=[run.pk])
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Gepubliceerd" in page and "Er zijn 2 groepen gemaakt" in page
    with pytest.raises(Refused, match="al gepubliceerd"):
        run_actions.request_publish(coordinator, run)


@pytest.mark.django_db
def test_progress_counts_the_groups_made_so_far(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    FormationRun.objects.filter(pk=run.pk).update(status=RunStatus.PUBLISHING, publish_total=2,
                                                  published_groups=["00000000-0000-0000-0000-000000000001"])
    client.force_login(coordinator)
    html = client.get(reverse("formation:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Publiceren… 1 van 2 groepen" in html and 'max="2"' in html and 'value="1"' in html


@pytest.mark.django_db
def test_a_change_while_queued_publishes_nothing_and_says_why_in_dutch(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    run_actions.request_publish(coordinator, run, enqueue=False)
    # Between the click and the worker, two members declare a relation.
    Relation.objects.create(declared_by=person_of(people[0]), other=person_of(people[1]), kind=RelationKind.AUTHORITY)
    assert run_actions.carry_out_publish(str(run.pk)) == "stopped"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.published_groups == [] and run.publish_plan == {}
    assert run.publish_errors == ["Groep 1: Deelnemer 0 en Deelnemer 1 kunnen niet in één groep."]
    assert not IntervisionGroup.objects.exists() and not OutboxMessage.objects.exists()
    client.force_login(coordinator)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Er is niets gepubliceerd" in page and "Deelnemer 0 en Deelnemer 1 kunnen niet in één groep" in page
    # Fixing the proposal by hand clears the message; publishing then works.
    run = run_actions.move_member(coordinator, run, people[1].solver_id, run_actions.UNPLACED)
    assert run.publish_errors == []


@pytest.mark.django_db
def test_a_failure_half_way_stops_names_how_far_and_continues_without_doing_anything_twice(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_actions, "PUBLISH_BATCH", 1)
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    run_actions.request_publish(coordinator, run, enqueue=False)
    real = run_actions.publish_batch
    calls = []

    def crash_on_second(run_id: str) -> bool:
        calls.append(run_id)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(run_id)

    monkeypatch.setattr(run_actions, "publish_batch", crash_on_second)
    assert run_actions.carry_out_publish(str(run.pk)) == "stopped"
    run.refresh_from_db()
    assert run.status == RunStatus.STOPPED and run.publish_done == 1 and IntervisionGroup.objects.count() == 1
    client.force_login(coordinator)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Publiceren gestopt na 1 van 2 groepen" in page and "Ga verder met publiceren" in page
    assert "Er ging iets mis" in page

    monkeypatch.setattr(run_actions, "publish_batch", real)
    run_actions.request_publish(coordinator, run, enqueue=False)
    assert run_actions.carry_out_publish(str(run.pk)) == "published"
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED and run.publish_errors == []
    assert IntervisionGroup.objects.count() == 2
    assert GroupMembership.objects.filter(role="member").count() == 8
    assert OutboxMessage.objects.filter(kind="kring.group.welcome").count() == 8 + 2  # nobody twice
    assert free_groups(facilitators[0]) == 1
    assert run_actions.carry_out_publish(str(run.pk)) == "skipped"  # idempotent


@pytest.mark.django_db
def test_someone_who_withdraws_half_way_stops_publishing_by_name(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_actions, "PUBLISH_BATCH", 1)
    run = make_run(offer, facilitators, [people[:4], people[4:8]])
    run_actions.request_publish(coordinator, run, enqueue=False)
    run_actions.prepare_publish(str(run.pk))
    assert run_actions.publish_batch(str(run.pk)) is True
    actions.withdraw(person_of(people[5]), people[5])
    assert run_actions.carry_out_publish(str(run.pk)) == "stopped"
    run.refresh_from_db()
    assert run.status == RunStatus.STOPPED and run.publish_errors == ["Niet meer aangenomen: Deelnemer 5."]
    people[0].refresh_from_db()
    assert people[0].status == ApplicationStatus.PLACED and IntervisionGroup.objects.count() == 1
