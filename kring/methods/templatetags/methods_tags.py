from __future__ import annotations

from django import template

from kring.methods.models import Translatable

register = template.Library()


@register.filter
def tr(obj: Translatable, field: str) -> str:
    """A method's or phase's text in the active language: {{ method|tr:"name" }}."""
    return obj.text(field)


@register.filter
def lines(obj: Translatable, field: str) -> list[str]:
    return obj.lines(field)
