"""Request types for views: behind ``login_required`` the person is a signed-in ``User``."""
from __future__ import annotations

from django.http import HttpRequest

from kring.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User  # narrower than HttpRequest.user: login_required ensures it
