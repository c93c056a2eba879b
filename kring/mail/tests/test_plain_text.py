"""Plain-text mail reads as written: no HTML escaping in subjects or bodies ("&", quotes,
"<"), while pages still escape; and allauth's mails name Kring."""
from __future__ import annotations

import pytest
from django.test import Client

from kring.groups import actions
from kring.mail.models import OutboxMessage
from kring.site.testing import SmtpServer, make_group, make_person, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Intervisie & de \"therapeutische\" relatie <2026>"


def test_a_group_name_with_an_ampersand_arrives_unescaped(smtp_server: SmtpServer) -> None:
    facilitator = make_person("Fien Facilitator", email="fien@example.org")
    group = make_group(facilitator, None, name=NAME)
    member = make_person("Mila Member", email="mila@example.org")
    actions.add_member(facilitator, group, member)
    run_tasks()
    [mail] = smtp_server.to("mila@example.org")
    assert mail.subject == f"Welkom bij {NAME}"
    assert NAME in mail.text()
    assert "&amp;" not in mail.text() and "&quot;" not in mail.text() and "&lt;" not in mail.text()


def test_pages_still_escape() -> None:
    # The unescaping engine is only for mail text: a page shows the name as text, not markup.
    facilitator = make_person("Fien Facilitator")
    group = make_group(facilitator, None, name=NAME)
    client = Client()
    client.force_login(facilitator)
    page = client.get(f"/groepen/{group.pk}/").content.decode()
    assert "Intervisie &amp; de &quot;therapeutische&quot; relatie &lt;2026&gt;" in page
    assert NAME not in page


def test_account_mail_greets_from_kring(smtp_server: SmtpServer) -> None:
    make_person("Rita Reset", email="rita@example.org")
    Client().post("/account/password/reset/", {"email": "rita@example.org"})
    message = OutboxMessage.objects.get()
    assert "Hallo van Kring!" in message.body_text, message.body_text
    assert "van !" not in message.body_text
    assert message.subject.startswith("Kring: ")
    run_tasks()
    [mail] = smtp_server.to("rita@example.org")
    assert "Hallo van Kring!" in mail.text()
