"""Staff see the outbox as headers and status only: never a body, so never a case text
nor the sign-in link of someone else's password reset (no account takeover)."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kring.mail.models import OutboxMessage
from kring.site.testing import make_person

pytestmark = pytest.mark.django_db


def test_staff_see_headers_and_status_never_the_text_of_a_reset_mail() -> None:
    make_person("Rita Reset", email="rita@example.org")
    Client().post("/account/password/reset/", {"email": "rita@example.org"})
    mail = OutboxMessage.objects.get(kind="kring.account.password_reset_key")
    link = re.search(r"/account/password/reset/key/\S+", mail.body_text)
    assert link is not None
    staff = make_person("Stef Staff")
    staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    listing = client.get(reverse("mail:outbox")).content.decode()
    page = client.get(reverse("mail:message", args=[mail.pk]), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "rita@example.org" in listing and "rita@example.org" in page and mail.subject in page
    for shown in (listing, page):
        assert link.group(0) not in shown and "password/reset/key" not in shown
    assert "De tekst van een e-mail staat hier niet" in page
