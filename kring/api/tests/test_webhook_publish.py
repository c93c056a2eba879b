"""Publishing a proposal posts one group.published event per group it creates."""
from __future__ import annotations

import json

import pytest

from kring.accounts.models import User
from kring.api import actions
from kring.api.models import WebhookEvent
from kring.api.tests.test_webhooks import Receiver, receiver  # noqa: F401 - the fixture
from kring.formation import run_actions
from kring.formation.models import FacilitatorCapacity, Offer
from kring.formation.tests.conftest import coordinator, facilitators, member_applicant, offer, org  # noqa: F401 - fixtures
from kring.formation.tests.test_runs import make_run
from kring.groups.models import IntervisionGroup
from kring.organisations.models import Organisation
from kring.site.testing import run_tasks


@pytest.mark.django_db(transaction=True)
def test_each_published_group_is_posted(offer: Offer, org: Organisation, coordinator: User,  # noqa: F811
                                        facilitators: list[FacilitatorCapacity], receiver: Receiver) -> None:  # noqa: F811
    actions.create_webhook(coordinator, org, url=receiver.url, events_chosen=[WebhookEvent.GROUP_PUBLISHED])
    people = [member_applicant(offer, org, f"Lid {i}") for i in range(8)]
    run = make_run(offer, facilitators, [people[:4], people[4:]])
    run_actions.request_publish(coordinator, run)
    run_tasks()
    groups = set(IntervisionGroup.objects.values_list("pk", flat=True))
    posted = [json.loads(r["body"]) for r in receiver.received]
    assert len(groups) == 2
    assert sorted(e["event"] for e in posted) == ["group.published", "group.published"]
    assert {e["data"]["group_id"] for e in posted} == {str(pk) for pk in groups}
