"""The token and webhook pages in a real browser, checked with axe; the token made there
works against the running server; the interactive API docs load under the strict CSP."""
from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from kring.api.models import AccessToken, Webhook
from kring.api.tests.conftest import Cast
from kring.site.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_member_makes_uses_and_revokes_a_token(new_page: Any, live_server: Any, cast: Cast) -> None:
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, live_server.url, cast.member.email)
    page.goto(f"{live_server.url}/profiel/")
    expect(page.get_by_role("heading", name="API-tokens")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw token").click()
    assert_accessible(page)
    page.get_by_label("Naam van het token").fill("Leerplatform")
    page.get_by_label("Je aanmelden voor aanbod en prikpolls beantwoorden").check()
    page.get_by_role("button", name="Token maken").click()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("kring_")
    assert_accessible(page)
    _no_sideways_scroll(page)

    request = urllib.request.Request(f"{live_server.url}/api/v1/me/groups", headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request) as response:
        assert [g["name"] for g in json.loads(response.read())] == ["Groep Zuid"]

    page.get_by_role("link", name="Terug naar mijn profiel").click()
    expect(page.get_by_role("cell", name="Leerplatform", exact=True)).to_be_visible()
    page.get_by_role("button", name="Leerplatform intrekken").click()
    expect(page.get_by_text("Het token is ingetrokken.")).to_be_visible()
    assert AccessToken.objects.get().revoked_at is not None
    assert_accessible(page)


def test_a_coordinator_manages_organisation_tokens_and_webhooks(new_page: Any, live_server: Any, cast: Cast) -> None:
    page = new_page()
    login(page, live_server.url, cast.coordinator.email)
    TOTP.activate(cast.coordinator, generate_totp_secret())  # after logging in: no code to type here
    page.goto(f"{live_server.url}/organisaties/{cast.org.pk}/")
    page.get_by_role("link", name="Organisatietokens, webhooks en hun afleverlogboek").click()
    expect(page.get_by_role("heading", name="API en webhooks", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Adres (URL) dat de gebeurtenissen ontvangt").fill("https://hr.example.org/kring")
    page.get_by_label("bijeenkomst gepland").check()
    page.get_by_role("button", name="Webhook toevoegen").click()
    expect(page.get_by_text("De webhook is toegevoegd.")).to_be_visible()
    assert Webhook.objects.get().events == ["meeting.planned"]
    assert_accessible(page)
    page.get_by_label("Naam van het token").fill("HR-koppeling")
    page.get_by_role("button", name="Token maken").click()
    assert page.get_by_label("Token").input_value().startswith("kring_")
    assert AccessToken.objects.get().organisation_id == cast.org.pk
    assert_accessible(page)


def test_the_interactive_docs_load_under_the_csp(new_page: Any, live_server: Any) -> None:
    page = new_page()
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/me/groups")).to_be_visible()
    assert [b for b in blocked if "script" in b] == []
