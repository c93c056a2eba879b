"""Helpers for views: the one place that turns "outside your reach" into a 404."""
from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_in_scope(queryset: QuerySet[M], **lookup: object) -> M:
    """Fetch one object from an already-scoped queryset. Missing, malformed id or out of
    reach all look the same to the caller: 404, never 403, so existence does not leak."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
