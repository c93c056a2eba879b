from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from kring.core import panels

register = template.Library()


@register.simple_tag
def panel_templates(slot: str) -> list[str]:
    """Templates other areas registered for a slot: {% panel_templates "group_detail" as ps %}."""
    return panels.templates(slot)


@register.filter
def get(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """One value of a dict, None when it is not there: {{ counts|get:meeting.pk }}."""
    return mapping.get(key) if mapping is not None else None
