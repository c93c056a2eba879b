"""Keeps someone who must set up two-factor login (receivers.require_mfa_setup) on the
set-up pages until they have."""
from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kring.accounts.mfa_required import mfa_missing
from kring.accounts.models import User
from kring.accounts.receivers import MFA_SETUP_SESSION_KEY


class MfaSetupMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and request.session.get(MFA_SETUP_SESSION_KEY):
            if not mfa_missing(user):
                del request.session[MFA_SETUP_SESSION_KEY]
            elif not self._allowed(request.path):
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        # The two-factor pages themselves (and the password check they start with), logging
        # out, static files and the language switch.
        allowed = (reverse("mfa_index"), reverse("account_reauthenticate"), reverse("account_logout"), "/static/", "/i18n/")
        return path.startswith(allowed)
