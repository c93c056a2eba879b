"""Kring's sign-up form: allauth's, with a budget per e-mail address on top of allauth's
budget per client address (both in the shared cache)."""
from __future__ import annotations

from allauth.account.forms import SignupForm
from allauth.core import context, ratelimit
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kring.accounts.models import User


class KringSignupForm(SignupForm):
    def clean_email(self) -> str:
        email = str(super().clean_email())
        # The same budget and the same refusal for known and unknown addresses.
        request = context.request
        if request is not None and not ratelimit.consume(request, action="signup_email", key=email.lower()):
            raise ValidationError(_("Too many attempts with this e-mail address. Try again later."))
        return email

    def validate_unique_email(self, value: str) -> str:
        # A sign-up always waits for the confirmation mail (stages.py), as with allauth's
        # mandatory verification: so a known address need not be refused on the form.
        # allauth then mails its owner "you already have an account" and answers as always.
        self.account_already_exists = User.objects.filter(email__iexact=value).exists()
        return value
