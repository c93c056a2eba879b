"""Who is asking, for the access log: the session and client address of the request being
served. A middleware sets it for the length of a request, so `log_access` can record it
without every call site passing the request down."""
from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Origin:
    session_ref: str = ""
    client_address: str | None = None


_current: contextvars.ContextVar[Origin | None] = contextvars.ContextVar("kring_audit_origin", default=None)


def current_origin() -> Origin:
    """The request's origin; outside a request (a task, a command) an empty one."""
    return _current.get() or Origin()


def session_ref(session_key: str | None) -> str:
    """A keyed hash: the same session reads as one ref, and the log cannot be used to sign in."""
    return salted_hmac("kring.audit.session", session_key).hexdigest()[:32] if session_key else ""


def client_address(request: HttpRequest) -> str | None:
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, the one the outermost of
    them saw (taken from the right of X-Forwarded-For, where a client cannot forge it)."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AccessOriginMiddleware:
    """Put the request's session and client address where the access log finds them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        token = _current.set(Origin(session_ref(session.session_key if session is not None else None),
                                    client_address(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
