"""Mail the accounts area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from kring.accounts.models import User
from kring.mail.actions import queue_mail


def set_password_url(user: User) -> str:
    """A link with which this person chooses a password: allauth's password-reset key,
    valid for PASSWORD_RESET_TIMEOUT and used up once a password has been set."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def invitation(inviter: User, user: User) -> None:
    """The invitation of a person who got an account from someone else, with a link to
    choose their password."""
    queue_mail(
        "kring.account.invitation", user, "accounts/invitation",
        {
            "inviter": inviter.name or "", "set_password_url": set_password_url(user),
            "reset_url": f"{settings.SITE_URL}/account/password/reset/",
            "days": max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 86400),
        },
        dedupe_key=f"account-invitation:{user.pk}", about=user,
    )
