"""An applicant withdraws their own application before the groups are published."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.formation import actions, run_actions
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, Offer, RunStatus
from kring.groups.models import IntervisionGroup
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.testing import join_org, make_person

from .conftest import APPLY, member_applicant, person_of
from .test_runs import make_run

pytestmark = pytest.mark.django_db


def test_withdraw_and_apply_again(offer: Offer, applicant: User, coordinator: User) -> None:
    application = actions.apply(applicant, offer, **APPLY)
    actions.decide(coordinator, application, ApplicationStatus.ACCEPTED)
    withdrawn = actions.withdraw(applicant, application)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert AuditEntry.objects.filter(name="kring.formation.application_withdrawn").count() == 1
    told = OutboxMessage.objects.get(kind="kring.formation.application_withdrawn")
    assert told.recipient == coordinator and "Ilse Aanvrager" in told.body_text
    actions.withdraw(applicant, application)  # a double click changes nothing
    assert OutboxMessage.objects.filter(kind="kring.formation.application_withdrawn").count() == 1
    with pytest.raises(Refused, match="ingetrokken"):
        actions.decide(coordinator, application, ApplicationStatus.ACCEPTED)
    again = actions.apply(applicant, offer, **{**APPLY, "motivation": "Toch wel"})
    assert again.pk == application.pk and again.status == ApplicationStatus.SUBMITTED and again.motivation == "Toch wel"
    assert Application.objects.filter(offer=offer).count() == 1


def test_only_your_own_and_not_once_placed(offer: Offer, applicant: User, org: Organisation) -> None:
    application = actions.apply(applicant, offer, **APPLY)
    other = make_person("Otto Ander")
    join_org(other, org)
    with pytest.raises(Refused, match="niet jouw aanmelding"):
        actions.withdraw(other, application)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.PLACED)
    with pytest.raises(Refused, match="al in een groep geplaatst"):
        actions.withdraw(applicant, application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.PLACED


def test_withdraw_through_the_offer_page(client: Client, offer: Offer, applicant: User) -> None:
    actions.apply(applicant, offer, **APPLY)
    client.force_login(applicant)
    url = reverse("formation:offer_detail", args=[offer.pk])
    assert "Mijn aanmelding intrekken" in client.get(url).content.decode()
    page = client.post(reverse("formation:withdraw", args=[offer.pk]), follow=True).content.decode()
    assert "Je aanmelding is ingetrokken." in page and "Status: ingetrokken." in page
    assert "Opnieuw aanmelden" in page and "Mijn aanmelding intrekken" not in page
    assert client.get(reverse("formation:apply", args=[offer.pk])).status_code == 200


def test_a_proposal_with_someone_who_withdrew_cannot_be_published_until_they_are_moved_out(
    offer: Offer, org: Organisation, coordinator: User, facilitators: list[FacilitatorCapacity]
) -> None:
    people = [member_applicant(offer, org, f"Deelnemer {i}") for i in range(8)]
    late = member_applicant(offer, org, "Laatkomer")
    run = make_run(offer, facilitators, [people[:4], people[4:8]], unplaced=[late])
    actions.withdraw(person_of(people[0]), people[0])
    actions.withdraw(person_of(late), late)
    with pytest.raises(Refused, match="Niet meer aangenomen: Deelnemer 0"):
        run_actions.publish(coordinator, run)
    client_page = run_actions.group_checks(run)
    assert client_page == [[], []]  # the hard rules themselves still hold
    run = run_actions.move_member(coordinator, run, people[0].solver_id, run_actions.UNPLACED)
    run_actions.publish(coordinator, run)
    assert IntervisionGroup.objects.count() == 2
    for withdrawn in (people[0], late):  # they stay withdrawn: not onto the waiting list
        withdrawn.refresh_from_db()
        assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert not OutboxMessage.objects.filter(kind="kring.formation.not_placed").exists()
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
