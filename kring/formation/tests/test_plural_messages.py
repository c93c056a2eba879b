"""Counted messages say "1 groep", not "1 groepen"."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.formation.models import Application, FacilitatorCapacity, Offer
from kring.organisations.models import Organisation
from kring.site.testing import run_tasks

from .conftest import member_applicant
from .test_runs import make_run


@pytest.mark.django_db(transaction=True)  # publishing is enqueued on commit
def test_one_published_group_is_one_group(
    client: Client, offer: Offer, org: Organisation, coordinator: User, facilitators: list[FacilitatorCapacity]
) -> None:
    people: list[Application] = [member_applicant(offer, org, f"Deelnemer {i}") for i in range(4)]
    run = make_run(offer, facilitators, [people])
    client.force_login(coordinator)
    client.post(reverse("formation:run_publish", args=[run.pk]))
    run_tasks()
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Er is 1 groep gemaakt; iedereen heeft bericht gekregen." in page
