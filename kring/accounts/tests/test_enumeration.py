"""Nobody learns from Kring's answers whether an address has an account: the sign-up and the
password reset answer byte for byte the same for a known and an unknown address."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.mail.models import OutboxMessage
from kring.site.testing import make_person

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def _answer(path: str, data: dict[str, str]) -> bytes:
    """What a visitor sees: the answer to the post and, after a redirect, the next page;
    the same bytes but for the CSRF token and the address the visitor typed in."""
    client = Client()
    response = client.post(path, data, follow=True)
    chain = [(url, status) for url, status in response.redirect_chain]
    body = TOKEN.sub(r"\1…\2", response.content.decode()).replace(data["email"], "ADRES")
    return repr((response.status_code, chain, body)).encode()


@pytest.mark.django_db
def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address() -> None:
    make_person("Anna", email="anna@example.org")

    def sign_up(email: str) -> bytes:
        return _answer(reverse("account_signup"), {"email": email, "password1": "een-lang-wachtwoord-9",
                                                   "password2": "een-lang-wachtwoord-9"})

    known, unknown = sign_up("anna@example.org"), sign_up("nieuw@example.org")
    assert known == unknown
    assert "Verifieer je e-mailadres" in known.decode()
    # The owner of the known address is told someone tried; the new address gets a confirmation.
    assert OutboxMessage.objects.filter(to_email="anna@example.org").count() == 1
    assert OutboxMessage.objects.filter(to_email="nieuw@example.org").count() == 1
    assert User.objects.filter(email="anna@example.org").count() == 1


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address() -> None:
    make_person("Anna", email="anna@example.org")

    def reset(email: str) -> bytes:
        return _answer(reverse("account_reset_password"), {"email": email})

    assert reset("anna@example.org") == reset("niemand@example.org")
