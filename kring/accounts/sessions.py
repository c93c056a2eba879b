"""Session limits and the headers of pages for signed-in people.

A session ends after a spell of inactivity (shorter for the people whose account opens other
people's data: staff, coordinators, facilitators) and, however active, after an absolute
lifetime. Every page a signed-in person gets may show confidential data: no browser or proxy
keeps a copy (Cache-Control: no-store), and no page may use camera, microphone and the like."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.accounts.signals import answered_yes, trust_asked

STARTED = "kring.session_started"
SEEN = "kring.session_seen"
IDLE = "kring.session_idle_minutes"
# Writing the session on every request costs a write each; a minute of slack is harmless.
SEEN_RESOLUTION = timedelta(minutes=1)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "payment", "usb", "browsing-topics"))


def idle_minutes(person: User) -> int:
    trusted = answered_yes(trust_asked, person)
    return int(settings.KRING_IDLE_TIMEOUT_TRUSTED_MINUTES if trusted else settings.KRING_IDLE_TIMEOUT_MINUTES)


def start_session(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    """At login (Django's user_logged_in, connected in apps.py): the clock of the session and
    its idle limit, read once here so pages need no queries for it."""
    now = timezone.now().timestamp()
    request.session[STARTED] = request.session[SEEN] = now
    request.session[IDLE] = idle_minutes(user)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User):
            expired = self._expired(request, user)
            if expired:
                logout(request)
                messages.info(request, expired)
                return self._private(redirect_to_login(request.get_full_path()))
            return self._private(self.get_response(request))
        return self._policy(self.get_response(request))

    @staticmethod
    def _expired(request: HttpRequest, user: User) -> str:
        session, now = request.session, timezone.now()
        started = float(session.setdefault(STARTED, now.timestamp()))
        seen = float(session.get(SEEN, started))
        if IDLE not in session:
            session[IDLE] = idle_minutes(user)
        if now.timestamp() - started > settings.KRING_SESSION_LIFETIME_HOURS * 3600:
            return _("You have been signed in for a long time. Please log in again.")
        if now.timestamp() - seen > int(session[IDLE]) * 60:
            return _("You were away for a while, so Kring logged you out. Please log in again.")
        if now.timestamp() - seen >= SEEN_RESOLUTION.total_seconds() or SEEN not in session:
            session[SEEN] = now.timestamp()
        return ""

    @classmethod
    def _private(cls, response: HttpResponse) -> HttpResponse:
        response["Cache-Control"] = "no-store"
        return cls._policy(response)

    @staticmethod
    def _policy(response: HttpResponse) -> HttpResponse:
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
