"""The accounts area's reactions to allauth's signals (connected in apps.py)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts import actions
from kring.accounts.mfa_required import mfa_missing
from kring.accounts.models import User

# Set in the session when someone who must use two-factor login has spent their grace
# login: every page but the set-up pages then leads to the set-up (middleware.py).
MFA_SETUP_SESSION_KEY = "kring.mfa_setup_required"


def require_mfa_setup(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if not mfa_missing(user):
        return
    if actions.use_mfa_grace(user):
        messages.warning(request, _("Your role asks for two-factor login. Set it up now: "
                                    "your next login needs it."))
    else:
        request.session[MFA_SETUP_SESSION_KEY] = True
