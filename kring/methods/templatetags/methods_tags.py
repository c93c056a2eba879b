from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """A method's or phase's text in the active language: {{ method|tr:"name" }}."""
    return obj.text(field)


@register.filter
def lines(obj: Any, field: str) -> list[str]:
    return [line.strip() for line in obj.text(field).splitlines() if line.strip()]
