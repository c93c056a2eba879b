"""Reads for offers, applications and formation runs, always scoped to the person asking.

Offers are visible to the members of their organisation (any role); coordinators of the
organisation manage them. Applications and runs hold personal data: coordinators only
(and each applicant sees their own application)."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kring.core.http import get_in_scope
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer
from kring.organisations.models import Organisation, OrgMembership, OrgRole


def visible_offers(person: Any) -> QuerySet[Offer]:
    if not person.is_authenticated:
        return Offer.objects.none()
    return Offer.objects.filter(organisation__memberships__person=person).distinct().select_related("organisation")


def managed_offers(person: Any) -> QuerySet[Offer]:
    if not person.is_authenticated:
        return Offer.objects.none()
    return Offer.objects.filter(
        organisation__memberships__person=person, organisation__memberships__role=OrgRole.COORDINATOR
    ).distinct().select_related("organisation")


def get_offer(person: Any, offer_id: Any) -> Offer:
    return get_in_scope(visible_offers(person), pk=offer_id)


def can_manage(person: Any, offer: Offer) -> bool:
    return person.is_authenticated and OrgMembership.objects.filter(
        organisation_id=offer.organisation_id, person=person, role=OrgRole.COORDINATOR
    ).exists()


def own_application(person: Any, offer: Offer) -> Application | None:
    if not person.is_authenticated:
        return None
    return Application.objects.filter(offer=offer, person=person).first()


def applications(offer: Offer) -> QuerySet[Application]:
    """All applications of an offer the caller has been allowed to manage."""
    return offer.applications.select_related("person").order_by("name")


def waiting_list(offer: Offer) -> QuerySet[Application]:
    """First come, first served: ordered by when they were put on the list."""
    return offer.applications.filter(status=ApplicationStatus.WAITING).order_by("status_changed_at", "name")


def managed_organisations(person: Any) -> QuerySet[Organisation]:
    if not person.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__person=person, memberships__role=OrgRole.COORDINATOR).distinct()


def get_visible_organisation(person: Any, org_id: Any) -> Organisation:
    if not person.is_authenticated:
        return get_in_scope(Organisation.objects.none(), pk=org_id)
    return get_in_scope(Organisation.objects.filter(memberships__person=person).distinct(), pk=org_id)


def facilitators_of(organisation: Organisation) -> QuerySet[Any]:
    """People who hold the facilitator role in an organisation."""
    from kring.accounts.models import User

    return User.objects.filter(
        org_memberships__organisation=organisation, org_memberships__role=OrgRole.FACILITATOR, is_active=True
    ).distinct().order_by("name")


def capacities(organisation: Organisation) -> QuerySet[FacilitatorCapacity]:
    return organisation.facilitator_capacities.select_related("person").order_by("person__name")


def runs_of(offer: Offer) -> QuerySet[FormationRun]:
    return offer.runs.order_by("-created_at")


def get_managed_run(person: Any, run_id: Any) -> FormationRun:
    if not person.is_authenticated:
        return get_in_scope(FormationRun.objects.none(), pk=run_id)
    scope = FormationRun.objects.filter(
        offer__organisation__memberships__person=person, offer__organisation__memberships__role=OrgRole.COORDINATOR
    ).distinct().select_related("offer", "offer__organisation")
    return get_in_scope(scope, pk=run_id)
