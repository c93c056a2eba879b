"""The e-mail verification step of allauth's login flow, Kring's way: a sign-up always ends on
"we sent you a mail" until the address is confirmed, so a sign-up with an address that
already has an account (allauth sends that owner a mail instead) looks exactly the same.
A login of an existing account keeps the optional verification of settings."""
from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.stages import EmailVerificationStage
from allauth.account.utils import has_verified_email
from django.http import HttpResponse


class SignUpVerificationStage(EmailVerificationStage):
    def handle(self) -> tuple[HttpResponse | None, bool]:
        login = self.login
        if login.signup and not has_verified_email(login.user, login.email):
            send_verification_email_at_login(self.request, login)
            return get_adapter().respond_email_verification_sent(self.request, login.user), True
        return super().handle()
