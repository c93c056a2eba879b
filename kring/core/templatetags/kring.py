from __future__ import annotations

from django import template

from kring.core import panels

register = template.Library()


@register.simple_tag
def panel_templates(slot: str) -> list[str]:
    """Templates other areas registered for a slot: {% panel_templates "group_detail" as ps %}."""
    return panels.templates(slot)
