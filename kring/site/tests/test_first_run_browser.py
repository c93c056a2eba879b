"""Issue 10's first path in a real Chromium, from an empty database (no demo): the first
administrator is created as the README says, creates an organisation and appoints its
coordinator by e-mail; the coordinator accepts by the link in the mail read back from a
real SMTP server, lands in their organisation and invites a facilitator. axe on each page."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kring.accounts.models import User
from kring.organisations.models import Organisation, OrgInvitation, OrgMembership, OrgRole
from kring.site.browser import assert_accessible, login
from kring.site.testing import PASSWORD, SmtpServer, join_org, mailed_path, make_org, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mailed_path(smtp: SmtpServer, address: str) -> str:
    return mailed_path(smtp, address, "/organisaties/uitnodiging/")


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_first_administrator_creates_an_organisation_and_its_coordinator_accepts_by_mail(
        live_server: Any, new_page: Any, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not User.objects.exists() and not Organisation.objects.exists()
    base = live_server.url
    # README, "First run": `python -m kring createsuperuser` (here without its prompts).
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email="beheer@example.org", name="Bea Beheer", verbosity=0)

    admin = new_page()
    login(admin, base, "beheer@example.org")
    admin.get_by_role("link", name="Beheer").click()
    expect(admin.get_by_role("heading", name="Organisaties beheren")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name="Organisatie aanmaken").click()  # empty: refused, nothing lost
    expect(admin.get_by_text("Dit veld is verplicht.")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_label("Naam").fill("Zorggroep Rivierenland")
    admin.get_by_label("Soort").select_option(label="zorgaanbieder")
    admin.get_by_label("Plaats").fill("Tiel")
    admin.get_by_role("button", name="Organisatie aanmaken").click()
    expect(admin.get_by_role("heading", name="Zorggroep Rivierenland")).to_be_visible()
    expect(admin.get_by_text("Nog geen coördinator.")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_label("E-mailadres").fill("coco@example.org")
    admin.get_by_role("button", name="Uitnodiging sturen").click()
    expect(admin.get_by_text("Er is een uitnodiging gestuurd naar coco@example.org.")).to_be_visible()
    expect(admin.get_by_text("coco@example.org · coördinator")).to_be_visible()
    assert_accessible(admin)

    org = Organisation.objects.get()
    assert org.kind == "care_provider" and org.city == "Tiel"
    coordinator = new_page()
    coordinator.set_viewport_size({"width": 375, "height": 740})
    coordinator.goto(base + _mailed_path(smtp_server, "coco@example.org"))
    expect(coordinator.get_by_role("heading", name="Uitnodiging voor Zorggroep Rivierenland")).to_be_visible()
    assert_accessible(coordinator)
    _no_sideways_scroll(coordinator)
    coordinator.get_by_label("Je naam").fill("Coco Coördinator")
    coordinator.locator("input[name=password1]").fill(PASSWORD)
    coordinator.locator("input[name=password2]").fill(PASSWORD)
    coordinator.get_by_role("button", name="Account aanmaken en aannemen").click()
    coordinator.wait_for_url(f"**/organisaties/{org.pk}/")
    expect(coordinator.get_by_role("heading", name="Zorggroep Rivierenland")).to_be_visible()
    expect(coordinator.get_by_text("Welkom bij Zorggroep Rivierenland.")).to_be_visible()
    assert_accessible(coordinator)
    _no_sideways_scroll(coordinator)
    coco = User.objects.get(email="coco@example.org")
    assert OrgMembership.objects.filter(organisation=org, person=coco, role=OrgRole.COORDINATOR).exists()

    # The coordinator invites a facilitator in turn.
    invite = coordinator.get_by_role("region", name="Iemand uitnodigen")
    invite.get_by_label("E-mailadres").fill("fenna@example.org")
    invite.get_by_label("Rol").select_option(label="begeleider")
    invite.get_by_role("button", name="Uitnodiging sturen").click()
    expect(coordinator.get_by_text("Er is een uitnodiging gestuurd naar fenna@example.org.")).to_be_visible()
    assert_accessible(coordinator)
    _no_sideways_scroll(coordinator)
    assert OrgInvitation.objects.filter(email="fenna@example.org", role=OrgRole.FACILITATOR, accepted_at=None).exists()
    assert "/organisaties/uitnodiging/" in _mailed_path(smtp_server, "fenna@example.org")


def test_a_person_leaves_a_role_and_an_old_link_says_it_is_no_longer_valid(live_server: Any, new_page: Any) -> None:
    org = make_org("Kenniscentrum Zuid", kind="knowledge_centre")
    join_org(make_person("Blijft Coördinator"), org, OrgRole.COORDINATOR)
    vera = make_person("Vera Vertrekt")
    join_org(vera, org, OrgRole.FACILITATOR)
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, vera.email)
    page.get_by_role("link", name="Organisaties").click()
    expect(page.get_by_role("heading", name="Mijn rollen")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Kenniscentrum Zuid verlaten als begeleider").click()
    expect(page.get_by_text("Je hebt Kenniscentrum Zuid verlaten als begeleider.")).to_be_visible()
    expect(page.get_by_text("Je hoort niet bij een organisatie.")).to_be_visible()
    assert_accessible(page)
    assert not OrgMembership.objects.filter(person=vera).exists()

    page.goto(f"{live_server.url}/organisaties/uitnodiging/niet-bestaand/")
    expect(page.get_by_text("Deze uitnodiging is niet meer geldig")).to_be_visible()
    assert_accessible(page)
