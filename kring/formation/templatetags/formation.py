from __future__ import annotations

from typing import Any

from django import template

from kring.formation import queries

register = template.Library()


@register.simple_tag
def offers_of(organisation: Any, person: Any) -> Any:
    """Offers of one organisation that this person can see."""
    return queries.visible_offers(person).filter(organisation=organisation)


@register.simple_tag
def open_offers(person: Any) -> Any:
    """Offers open for applications that this person can see and has not applied to."""
    return queries.visible_offers(person).filter(is_open=True).exclude(applications__person=person)[:10]


@register.filter
def slot_names(codes: Any, offer: Any) -> str:
    """Slot codes as the names people read, in the offer's order: "maandagochtend, donderdagmiddag"."""
    return ", ".join(offer.slot_label(code) for code in (codes or []))
