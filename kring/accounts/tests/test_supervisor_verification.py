"""A self-declared supervisor registration (the right to sign reflection statements) counts
only after Kring staff verified it."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts import actions
from kring.accounts.models import Register, Registration
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.site.browser import assert_accessible, login
from kring.site.testing import make_person


@pytest.fixture
def lvsc(db: None) -> Register:
    return Register.objects.get_or_create(code="lvsc", defaults={"name": "LVSC", "recognised_supervisor": True})[0]


def test_staff_verify_a_supervisor_registration_on_their_page(lvsc: Register) -> None:
    fien, staff = make_person("Fien Facilitator"), make_person("Stan Staff", staff=True)
    own = Client()
    own.force_login(fien)
    own.post(reverse("accounts:add_registration"), {"register": lvsc.pk, "number": "LV-77"})
    registration = Registration.objects.get(person=fien)
    assert registration.verified_at is None
    assert "Kring-medewerkers moeten deze registratie nog controleren" in own.get(reverse("accounts:profile")).content.decode()

    desk = Client()
    desk.force_login(staff)
    listing = desk.get(reverse("registrations:list")).content.decode()
    assert "Fien Facilitator" in listing and "LV-77" in listing
    answer = desk.post(reverse("registrations:decide", args=[registration.pk]), {"decision": "verify"})
    assert answer.status_code == 302
    registration.refresh_from_db()
    assert registration.verified_by == staff and registration.verified_at is not None
    assert AuditEntry.objects.filter(name="kring.accounts.registration_verified").count() == 1
    assert "LV-77" not in desk.get(reverse("registrations:list")).content.decode()
    assert "nog controleren" not in own.get(reverse("accounts:profile")).content.decode()


def test_staff_remove_a_registration_that_is_not_in_the_register(lvsc: Register) -> None:
    fien, staff = make_person("Fien Facilitator"), make_person("Stan Staff", staff=True)
    registration = actions.add_registration(fien, lvsc, "LV-00")
    desk = Client()
    desk.force_login(staff)
    desk.post(reverse("registrations:decide", args=[registration.pk]), {"decision": "reject"})
    assert not Registration.objects.filter(pk=registration.pk).exists()


def test_only_staff_verify(lvsc: Register) -> None:
    fien = make_person("Fien Facilitator")
    registration = actions.add_registration(fien, lvsc, "LV-1")
    with pytest.raises(Refused):
        actions.verify_registration(fien, registration)
    with pytest.raises(Refused):
        actions.reject_registration(fien, registration)


@pytest.mark.django_db(transaction=True)
def test_staff_verify_by_keyboard_on_an_accessible_narrow_page(live_server: Any, new_page: Any) -> None:
    lvsc = Register.objects.get_or_create(code="lvsc", defaults={"name": "LVSC", "recognised_supervisor": True})[0]
    registration = actions.add_registration(make_person("Fien Facilitator"), lvsc, "LV-77")
    staff = make_person("Stan Staff", staff=True)
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, live_server.url, staff.email)
    page.goto(live_server.url + reverse("registrations:list"))
    assert page.locator("h1").inner_text() == "Registraties om te controleren"
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Registratie van Fien Facilitator goedkeuren").focus()
    page.keyboard.press("Enter")
    page.get_by_text("De registratie is gecontroleerd.").wait_for()
    assert page.get_by_text("Niets te controleren.").is_visible()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.verified_by == staff
