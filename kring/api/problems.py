"""Every refusal and validation error of the API as RFC 9457 problem details, in the
caller's language (Accept-Language; Dutch by default)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kring.core.errors import Refused

logger = logging.getLogger(__name__)
CONTENT_TYPE = "application/problem+json"


class Problem(Exception):
    """A refusal of the API layer itself (rate limit, scope) with its status."""

    def __init__(self, status: int, title: str, detail: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


def problem(status: int, title: str, detail: str = "", *, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = translation.get_language() or "nl"
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _field_message(kind: str) -> str:
    """A Dutch (or English) sentence for a pydantic error type: its own text is English only."""
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        return _("This value is too long.")
    if kind in ("string_too_short", "too_short"):
        return _("This value is too short.")
    if kind.startswith(("int_", "float_", "decimal_")) or kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("Give a number in the allowed range.")
    if kind.startswith(("datetime_", "date_", "time_")):
        return _("Give a date and time such as 2026-05-01T19:30:00+02:00.")
    if kind.startswith("uuid_"):
        return _("This is not a valid id.")
    if kind.startswith("bool_"):
        return _("Give true or false.")
    if kind == "string_type":
        return _("Give a text.")
    if kind in ("enum", "literal_error"):
        return _("Choose one of the allowed values.")
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("The request body is not the JSON object this operation expects.")
    return _("This value is not valid.")


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        where = location[0] if location else "body"
        # ninja puts the name of the body parameter after "body": a JSON pointer into the
        # request body starts after it.
        inside = location[2:] if where == "body" else location[1:]
        errors.append({"in": where, "pointer": "/" + "/".join(inside),
                       "detail": _field_message(str(error.get("type", "")))})
    return problem(422, _("The request is not valid."), _("Correct the fields listed in errors."), errors=errors)


def _refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    return problem(422, _("This cannot be done."), " ".join(exc.messages),
                   errors=[{"detail": message} for message in exc.messages])


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, _("Not found."), _("There is nothing here, or it is outside what you can see."))


def _denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(403, _("Not allowed."), _("Your role does not allow this."))


def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(401, _("Authentication required."),
                   _("Send a valid, unexpired token as 'Authorization: Bearer <token>'."),
                   headers={"WWW-Authenticate": 'Bearer realm="kring"'})


def _own(request: HttpRequest, exc: Problem) -> HttpResponse:
    return problem(exc.status, exc.title, exc.detail, headers=exc.headers)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 405:
        return problem(405, _("This method is not allowed here."))
    return problem(exc.status_code, _("The request could not be handled."), str(exc) if exc.status_code < 500 else "")


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error", exc_info=exc)
    return problem(500, _("Something went wrong on our side."), _("Try again later; the error has been logged."))


_HANDLERS: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
    (ValidationError, _validation), (Refused, _refused), (Http404, _not_found), (PermissionDenied, _denied),
    (AuthenticationError, _unauthenticated), (Problem, _own), (HttpError, _http_error),
]


def _dispatch(request: HttpRequest, exc: Any) -> HttpResponse:
    for kind, handler in _HANDLERS:
        if isinstance(exc, kind):
            return handler(request, exc)
    return _unexpected(request, exc)


def install(api: NinjaAPI) -> None:
    """Replace ninja's handlers (plain JSON, English) with problem details for every
    exception kind it knows, and for anything unexpected."""
    for kind, _handler in _HANDLERS:
        api.add_exception_handler(kind, _dispatch)
    api.add_exception_handler(Exception, _dispatch)
