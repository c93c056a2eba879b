"""The access log pages in a real Chromium at 375 px: reached by keyboard from the
dashboard, accessible, never scrolling sideways."""
from __future__ import annotations

from typing import Any

import pytest

from kring.audit.actions import log_access
from kring.cases import events as cases_events
from kring.organisations.models import OrgRole
from kring.site.browser import assert_accessible, login
from kring.site.testing import join_org, make_person
from kring.site.tests.test_access_log import _case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_who_has_seen_my_data_and_the_privacy_officers_log_on_a_phone(live_server: Any, new_page: Any) -> None:
    case, author, reader = _case("Intervisiegroep met een heel lange naam voor een smal scherm", "Zorg Oost")
    log_access(cases_events.CASE_READ, reader, case, subject=author)
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, author.email)
    link = page.get_by_role("link", name="Wie heeft mijn gegevens ingezien")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/toegangslog/mijn-gegevens/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wie heeft mijn gegevens ingezien"
    assert page.get_by_role("listitem").filter(has_text=reader.name).count() == 1
    assert fits(page)
    assert_accessible(page)

    officer = make_person("Pim Privacy")
    org = case.meeting.group.organisation
    assert org is not None
    join_org(officer, org, OrgRole.PRIVACY_OFFICER)
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, officer.email)
    page.goto(f"{live_server.url}/toegangslog/mijn-gegevens/")
    page.get_by_role("link", name="Toegangslog van Zorg Oost").click()
    page.wait_for_url(f"**/toegangslog/organisatie/{org.pk}/")
    assert page.get_by_role("listitem").filter(has_text=reader.name).count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    assert download.value.suggested_filename.startswith("toegangslog-")
    assert fits(page)
    assert_accessible(page)
