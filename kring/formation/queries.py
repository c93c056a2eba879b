"""Reads for offers, applications and formation runs, always scoped to the person asking.

Offers are visible to the members of their organisation (any role); coordinators of the
organisation manage them. Applications and runs hold personal data: coordinators only
(and each applicant sees their own application)."""
from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from kring.accounts.models import Person, User
from kring.core.http import get_in_scope
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer
from kring.groups.roles import ORG_MANAGE, ORG_VIEW, member_organisations, org_people, org_reach, signed_in
from kring.organisations.models import Organisation, OrgRole


def visible_offers(person: Person) -> QuerySet[Offer]:
    return Offer.objects.filter(ORG_VIEW.where(person, "organisation_id")).select_related("organisation")


def open_offers(person: Person) -> QuerySet[Offer]:
    """Offers open for applications that this person can see and has not applied to."""
    offers = visible_offers(person).filter(is_open=True)
    return offers.exclude(applications__person=person) if signed_in(person) else offers.none()


def managed_offers(person: Person) -> QuerySet[Offer]:
    return Offer.objects.filter(ORG_MANAGE.where(person, "organisation_id")).select_related("organisation")


def get_offer(person: Person, offer_id: UUID | str) -> Offer:
    return get_in_scope(visible_offers(person), pk=offer_id)


def can_manage_offer(person: Person, offer: Offer) -> bool:
    return org_reach(person, offer.organisation).can_manage


def own_application(person: Person, offer: Offer) -> Application | None:
    if not signed_in(person):
        return None
    return Application.objects.filter(offer=offer, person=person).first()


def applications(offer: Offer) -> QuerySet[Application]:
    """All applications of an offer the caller has been allowed to manage."""
    return offer.applications.select_related("person").order_by("name")


def waiting_list(offer: Offer) -> QuerySet[Application]:
    """First come, first served: ordered by when they were put on the list."""
    return offer.applications.filter(status=ApplicationStatus.WAITING).order_by("status_changed_at", "name")


def get_visible_organisation(person: Person, org_id: UUID | str) -> Organisation:
    return get_in_scope(member_organisations(person), pk=org_id)


def facilitators_of(organisation: Organisation) -> QuerySet[User]:
    """People who hold the facilitator role in an organisation."""
    return org_people(organisation, OrgRole.FACILITATOR)


def capacities(organisation: Organisation) -> QuerySet[FacilitatorCapacity]:
    return organisation.facilitator_capacities.select_related("person").order_by("person__name")


def runs_of(offer: Offer) -> QuerySet[FormationRun]:
    return offer.runs.order_by("-created_at")


def get_managed_run(person: Person, run_id: UUID | str) -> FormationRun:
    scope = FormationRun.objects.filter(ORG_MANAGE.where(person, "offer__organisation_id")).select_related(
        "offer", "offer__organisation")
    return get_in_scope(scope, pk=run_id)


def people_by_email(addresses: list[str]) -> dict[str, User]:
    """Active people in Kring by (lowercased) e-mail address."""
    found: dict[str, User] = {}
    lowered = sorted({a.lower() for a in addresses})
    chunk = 500
    for start in range(0, len(lowered), chunk):
        for user in User.objects.filter(email__in=lowered[start:start + chunk], is_active=True):
            found[user.email.lower()] = user
    return found
