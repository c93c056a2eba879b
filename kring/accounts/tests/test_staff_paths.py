"""Staff cannot take an account over through a page of their own: no admin page lists mail
(where reset and invitation links travel), sessions or reset tokens. (The outbox page shows
authentication mail without its body: issue 12 item 2, kring/site/outbox_views.py.)"""
from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.sessions.models import Session

from kring.accounts.models import User
from kring.mail.models import DeliveryAttempt, OutboxMessage


@pytest.mark.parametrize("model", [OutboxMessage, DeliveryAttempt, Session, User])
def test_the_admin_offers_no_mail_sessions_or_accounts(model: type) -> None:
    assert not admin.site.is_registered(model)


def test_the_admin_offers_nothing_that_holds_a_login_secret() -> None:
    # allauth's e-mail confirmations are HMAC (nothing stored); two-factor secrets stay out.
    names = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert not names & {"account.emailconfirmation", "mfa.authenticator", "sessions.session", "mail.outboxmessage"}
