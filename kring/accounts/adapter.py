from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from kring.mail.actions import queue_rendered_mail


@dataclass(frozen=True)
class KringSite:
    """What allauth's mail templates read as ``current_site`` ("Hallo van Kring!"). Kring
    has no sites framework; the name is the product's, the domain the public SITE_URL's."""

    name: str
    domain: str


def kring_site() -> KringSite:
    return KringSite(name="Kring", domain=urlparse(settings.SITE_URL).netloc or settings.SITE_URL)


class KringAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_ALLOW_REGISTRATION)

    def get_login_stages(self) -> list[str]:
        stages = [str(s) for s in super().get_login_stages()]
        return [("kring.accounts.stages.SignUpVerificationStage" if s == "allauth.account.stages.EmailVerificationStage"
                 else s) for s in stages]

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """allauth keys an account's failed-login budget by host name and address; the host
        name (with its port) differs between the processes and names of one Kring, so a
        budget spent through one would be fresh through another. The address alone names
        the account."""
        return str(credentials.get("email", credentials.get("username", ""))).strip().lower()

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account mail (password reset, verification) goes through Kring's outbox like all
        other mail, so it is retried, recorded and readable by staff when SMTP is off."""
        msg = self.render_mail(template_prefix, email, {"email": email, "current_site": kring_site(), **context})
        html = None
        for content, mimetype in getattr(msg, "alternatives", []):
            if mimetype == "text/html":
                html = content
        queue_rendered_mail(
            kind=f"kring.account.{template_prefix.rsplit('/', 1)[-1]}",
            to_email=email,
            subject=msg.subject,
            body_text=msg.body,
            body_html=html,
        )
