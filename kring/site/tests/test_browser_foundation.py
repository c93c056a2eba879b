"""The demo facilitator in a real Chromium: Dutch groups, English one click away, and a
related person refused with a message that reveals nothing."""
from __future__ import annotations

from typing import Any

import pytest

from kring.groups.models import GroupMembership
from kring.site.browser import assert_accessible, login
from kring.site.demo import load_core

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_sees_groups_in_dutch_switches_to_english_and_is_refused(live_server: Any, new_page: Any) -> None:
    demo = load_core()
    page = new_page()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)
    page.goto(live_server.url + "/account/login/")
    assert_accessible(page)
    login(page, live_server.url, demo.people["facilitator2"].email, demo.password)
    assert page.locator("h1").inner_text() == "Mijn groepen"
    assert page.get_by_role("link", name="Intervisie & de therapeutische relatie").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My groups"
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Intervisie & de therapeutische relatie").click()
    assert_accessible(page)
    page.get_by_role("link", name="Members").click()
    assert_accessible(page)
    page.get_by_label("Person").select_option(label="Pieter Mulder")
    page.get_by_role("button", name="Add to group").click()
    alert = page.get_by_role("alert")
    assert alert.inner_text().strip() == "Pieter Mulder and Lotte de Boer cannot be in one group."
    assert_accessible(page)
    assert not GroupMembership.objects.filter(person=demo.people["t3"], group=demo.groups["therapeutic"]).exists()


def test_a_member_sees_nothing_of_relations(live_server: Any, new_page: Any) -> None:
    demo = load_core()
    page = new_page()
    login(page, live_server.url, demo.people["c2"].email, demo.password)
    page.get_by_role("link", name="Intervisie & de therapeutische relatie").click()
    page.get_by_role("link", name="Deelnemers").click()
    body = page.locator("main").inner_text()
    assert "Pieter Mulder" not in body and "relatie" not in body.lower().replace("therapeutische relatie", "")
    assert page.get_by_role("button", name="Aan groep toevoegen").count() == 0
    assert_accessible(page)
