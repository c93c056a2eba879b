from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.db.models import QuerySet

from kring.accounts.models import Person
from kring.formation import queries
from kring.formation.models import Offer
from kring.organisations.models import Organisation

register = template.Library()


@register.simple_tag
def offers_of(organisation: Organisation, person: Person) -> QuerySet[Offer]:
    """Offers of one organisation that this person can see."""
    return queries.visible_offers(person).filter(organisation=organisation)


@register.simple_tag
def open_offers(person: Person) -> QuerySet[Offer]:
    """Offers open for applications that this person can see and has not applied to."""
    return queries.open_offers(person)[:10]


@register.filter
def slot_names(codes: Iterable[str] | None, offer: Offer) -> str:
    """Slot codes as the names people read, in the offer's order: "maandagochtend, donderdagmiddag"."""
    return ", ".join(offer.slot_label(code) for code in (codes or []))
