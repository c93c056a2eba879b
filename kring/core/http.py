"""Helpers for views: the one place that turns "outside your reach" into a 404, and the
one way a view calls an action and shows its refusal."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.utils.functional import Promise

from kring.core.errors import Refused

M = TypeVar("M", bound=Model)
T = TypeVar("T")


def get_in_scope(queryset: QuerySet[M], **lookup: object) -> M:
    """Fetch one object from an already-scoped queryset. Missing, malformed id or out of
    reach all look the same to the caller: 404, never 403, so existence does not leak."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


@dataclass
class Attempt(Generic[T]):
    """What came of calling an action from a view: ``ok``, the action's result, and what
    was refused (already translated)."""

    ok: bool
    value: T | None = None
    refusals: list[str] = field(default_factory=list)


def attempt(request: HttpRequest, call: Callable[[], T], *, form: BaseForm | None = None,
            success: str | Promise = "", show: bool = True) -> Attempt[T]:
    """Call an action for a view. A ``Refused`` is shown to the person — on the form when
    there is one, else as messages on the next page (unless ``show`` is off: the view
    answers with ``.refusals`` itself, e.g. in an htmx fragment) — and nothing else
    happens; on success the ``success`` message (if any) is queued."""
    try:
        value = call()
    except Refused as exc:
        for message in exc.messages if show else []:
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)
        return Attempt(False, refusals=exc.messages)
    if success:
        messages.success(request, str(success))
    return Attempt(True, value)
