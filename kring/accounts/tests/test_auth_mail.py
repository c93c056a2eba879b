"""Login by e-mail, password reset through the outbox over real SMTP, two-factor pages."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from kring.mail.models import OutboxMessage
from kring.site.testing import PASSWORD, SmtpServer, make_person, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_is_by_email_case_insensitively() -> None:
    make_person("Lia Login", email="lia@example.org")
    client = Client()
    response = client.post("/account/login/", {"login": "LIA@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/overzicht/").status_code == 200
    bad = Client().post("/account/login/", {"login": "lia@example.org", "password": "fout-wachtwoord"})
    assert bad.status_code == 200 and "wachtwoord is niet correct" in bad.content.decode()


def test_password_reset_mail_arrives_and_works(smtp_server: SmtpServer) -> None:
    person = make_person("Rita Reset", email="rita@example.org")
    client = Client()
    client.post("/account/password/reset/", {"email": "rita@example.org"})
    assert OutboxMessage.objects.get().kind == "kring.account.password_reset_key"
    run_tasks()
    [mail] = smtp_server.to("rita@example.org")
    link = re.search(r"http://\S+/account/password/reset/key/\S+", mail.text())
    assert link, mail.text()
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    new = "een-nieuw-lang-wachtwoord-42"
    response = client.post(form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
                           {"password1": new, "password2": new})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)


def test_two_factor_pages_are_reachable_for_a_signed_in_person() -> None:
    person = make_person("Tom Totp")
    client = Client()
    client.force_login(person)
    page = client.get("/account/2fa/")
    assert page.status_code == 200 and "Kring" in page.content.decode()
    # Turning on TOTP asks for the password again first.
    activate = client.get("/account/2fa/totp/activate/")
    assert activate.status_code == 302 and activate["Location"].startswith("/account/reauthenticate/")
