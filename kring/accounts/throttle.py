"""Budgets for looking people up by e-mail address, kept in the cache every process shares
(settings.CACHES): a form that finds a person by address must not become a way to test
thousands of addresses. Login, reset and sign-up are throttled by allauth with the same
cache and the budgets in settings.ACCOUNT_RATE_LIMITS."""
from __future__ import annotations

from allauth.core import ratelimit
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import Refused

EMAIL_LOOKUP = "email_lookup"


def find_person_by_email(request: HttpRequest, email: str) -> User | None:
    """The active person with this address, or None; refused once the client address or
    the signed-in person has used up the budget (the same answer for known and unknown
    addresses, so the refusal says nothing either)."""
    if not ratelimit.consume(request, action=EMAIL_LOOKUP, user=request.user):
        raise Refused(_("You have looked up too many e-mail addresses. Try again later."))
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()
