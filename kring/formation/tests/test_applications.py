from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kring.accounts.models import Relation, RelationKind, Role, User
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.formation import actions, queries
from kring.formation.models import Application, ApplicationStatus, Offer
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.testing import join_org, make_person

from .conftest import APPLY as BASE_APPLY
from .conftest import SLOTS, add_applicant

pytestmark = pytest.mark.django_db

APPLY: dict[str, Any] = {**BASE_APPLY, "intake_requested": True}


def test_only_a_coordinator_creates_an_offer(org: Organisation, applicant: User) -> None:
    with pytest.raises(Refused, match="coördinator"):
        actions.create_offer(applicant, org, title="X", slots=SLOTS)


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "  "}, "titel"),
    ({"title": "X", "min_size": 8, "max_size": 6}, "minimale groepsgrootte"),
    ({"title": "X", "slots": ["Maandag ochtend!"]}, "tijdslot"),
    ({"title": "X", "common_slot": True, "slots": []}, "tijdslot"),
    ({"title": "X", "slots": SLOTS, "spread_discipline": Decimal("1"), "same_attributes": ["discipline"]}, "zowel"),
])
def test_offer_rules_are_checked(coordinator: User, org: Organisation, fields: dict[str, Any], message: str) -> None:
    with pytest.raises(Refused, match=message):
        actions.create_offer(coordinator, org, **fields)


def test_apply_stores_the_application_and_tells_the_coordinator(offer: Offer, applicant: User, coordinator: User) -> None:
    application = actions.apply(applicant, offer, **APPLY)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.intake_requested and application.availability == ["ma-ochtend"]
    applicant.refresh_from_db()
    assert applicant.discipline == "GZ-psycholoog" and applicant.experience_years == Decimal("3")
    assert OutboxMessage.objects.filter(recipient=coordinator, kind="kring.formation.application_received").count() == 1
    assert AuditEntry.objects.filter(name="kring.formation.application_submitted").count() == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"role": "client"}, "alleen voor professionals"),
    ({"experience_years": Decimal("0.5")}, "minstens 1"),
    ({"availability": []}, "tijdslot"),
    ({"availability": ["zo-nacht"]}, "tijdslot"),  # a slot the offer does not have counts as none
])
def test_ineligible_applicants_get_the_reason(offer: Offer, applicant: User, change: dict[str, Any], message: str) -> None:
    with pytest.raises(Refused, match=message):
        actions.apply(applicant, offer, **{**APPLY, **change})
    assert not Application.objects.exists()


def test_apply_twice_closed_or_outsider_is_refused(offer: Offer, applicant: User, coordinator: User) -> None:
    actions.apply(applicant, offer, **APPLY)
    with pytest.raises(Refused, match="al aangemeld"):
        actions.apply(applicant, offer, **APPLY)
    outsider = make_person("Olaf Buiten")
    with pytest.raises(Refused, match="alleen open"):
        actions.apply(outsider, offer, **APPLY)
    actions.update_offer(coordinator, offer, is_open=False)
    other = make_person("Petra Later")
    join_org(other, offer.organisation)
    with pytest.raises(Refused, match="gesloten"):
        actions.apply(other, offer, **APPLY)


def test_keep_apart_declares_relations_in_kring_and_keeps_other_addresses(offer: Offer, applicant: User) -> None:
    therapist = make_person("Theo Therapeut")
    application = actions.apply(
        applicant, offer, keep_apart=[therapist.email.upper(), "iemand@elders.nl"], relation_kind=RelationKind.THERAPEUTIC, **APPLY
    )
    assert Relation.objects.filter(declared_by=applicant, other=therapist, kind=RelationKind.THERAPEUTIC).exists()
    assert application.keep_apart_emails == ["iemand@elders.nl"]


def test_keep_apart_needs_a_kind_and_not_yourself(offer: Offer, applicant: User) -> None:
    with pytest.raises(Refused, match="soort relatie"):
        actions.apply(applicant, offer, keep_apart=["a@b.nl"], **APPLY)
    with pytest.raises(Refused, match="jezelf"):
        actions.apply(applicant, offer, keep_apart=[applicant.email], relation_kind=RelationKind.AUTHORITY, **APPLY)
    assert not Application.objects.exists()


def test_client_may_apply_where_clients_are_allowed(offer: Offer, applicant: User, coordinator: User) -> None:
    actions.update_offer(coordinator, offer, clients_allowed=True, max_clients_per_group=1)
    actions.apply(applicant, offer, **{**APPLY, "role": "client"})
    applicant.refresh_from_db()
    assert applicant.role == Role.CLIENT


def test_decisions_and_the_waiting_list(offer: Offer, applicant: User, coordinator: User) -> None:
    first = actions.apply(applicant, offer, **APPLY)
    second = add_applicant(offer, "Zoë Tweede", status=ApplicationStatus.SUBMITTED)
    with pytest.raises(Refused):
        actions.decide(applicant, first, ApplicationStatus.ACCEPTED)
    actions.decide(coordinator, second, ApplicationStatus.WAITING)
    actions.decide(coordinator, first, ApplicationStatus.WAITING)
    assert list(queries.waiting_list(offer)) == [second, first]
    actions.decide(coordinator, first, ApplicationStatus.ACCEPTED)
    actions.decide(coordinator, first, ApplicationStatus.ACCEPTED)  # a double click changes nothing
    mails = OutboxMessage.objects.filter(recipient=applicant, kind="kring.formation.decision")
    assert mails.count() == 2
    earliest = mails.order_by("created_at").first()
    assert earliest is not None and "wachtlijst" in earliest.subject.lower()
    with pytest.raises(Refused):
        actions.decide(coordinator, first, "bogus")


def test_capacity_only_for_facilitators_of_the_organisation(coordinator: User, org: Organisation, applicant: User) -> None:
    with pytest.raises(Refused, match="geen begeleider"):
        actions.set_capacity(coordinator, org, applicant, groups_per_year=2, availability=SLOTS)
