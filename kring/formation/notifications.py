"""Mail the formation area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.formation.models import Application, FormationRun, Offer
from kring.groups.roles import org_people
from kring.mail.actions import queue_mail
from kring.organisations.models import OrgRole


def application_received(offer: Offer, application: Application) -> None:
    """Every coordinator of the offer's organisation hears of a new application."""
    for coordinator in org_people(offer.organisation, OrgRole.COORDINATOR):
        queue_mail(
            "kring.formation.application_received", coordinator, "formation/application_received",
            {"offer_title": offer.title, "offer_id": str(offer.pk), "intake": application.intake_requested},
            about=application,
        )


def application_withdrawn(application: Application) -> None:
    """Every coordinator hears that an applicant took their application back."""
    offer = application.offer
    for coordinator in org_people(offer.organisation, OrgRole.COORDINATOR):
        queue_mail(
            "kring.formation.application_withdrawn", coordinator, "formation/application_withdrawn",
            {"offer_title": offer.title, "offer_id": str(offer.pk), "name": application.name},
            dedupe_key=f"formation-withdrawn:{application.pk}:{coordinator.pk}:{application.status_changed_at.isoformat()}",
            about=application,
        )


def decision(application: Application, status: str) -> None:
    """The applicant (someone in Kring) hears what the coordinator decided."""
    if application.person is None:
        return
    queue_mail(
        "kring.formation.decision", application.person, "formation/decision",
        {"offer_title": application.offer.title, "status": status},
        dedupe_key=f"formation-decision:{application.pk}:{status}:{application.status_changed_at.isoformat()}",
        about=application,
    )


def not_placed(run: FormationRun, application: Application) -> None:
    """An accepted applicant (someone in Kring) left out of every published group."""
    if application.person is None:
        return
    queue_mail(
        "kring.formation.not_placed", application.person, "formation/not_placed", {"offer_title": run.offer.title},
        dedupe_key=f"formation-not-placed:{run.pk}:{application.pk}", about=application,
    )
