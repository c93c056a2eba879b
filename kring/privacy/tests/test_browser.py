"""A person downloads their data and asks to be erased; staff confirm. In a real browser,
by keyboard where it matters, at phone width, with axe on every page."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kring.accounts.models import User
from kring.privacy.models import ErasureRequest, ErasureStatus
from kring.site.browser import assert_accessible, login
from kring.site.testing import make_person


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_download_request_and_confirm_erasure(live_server: Any, new_page: Any) -> None:
    anouk = make_person("Anouk de Vries")
    staff = make_person("Sietske Staf", staff=True)
    base = live_server.url

    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, base, anouk.email)
    page.goto(f"{base}/profiel/")
    page.get_by_role("link", name="Mijn gegevens downloaden").click()
    page.get_by_role("heading", name="Mijn gegevens", exact=True).wait_for()
    assert_accessible(page)
    _fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Mijn gegevens downloaden").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert json.loads(archive.read("kring-data.json"))["accounts.User"][0]["name"] == "Anouk de Vries"

    page.get_by_role("button", name="Vragen om mijn gegevens te verwijderen").click()
    page.get_by_role("button", name="Mijn verzoek intrekken").wait_for()
    assert_accessible(page)
    req = ErasureRequest.objects.get(person=anouk)

    desk = new_page()
    login(desk, base, staff.email)
    desk.get_by_role("link", name="Verwijderverzoeken").click()
    desk.get_by_role("heading", name="Anouk de Vries").wait_for()
    assert_accessible(desk)
    field = desk.get_by_label("Typ ter bevestiging het e-mailadres van de persoon")
    field.focus()
    desk.keyboard.type(anouk.email)
    desk.keyboard.press("Enter")
    desk.get_by_text("De gegevens van de persoon zijn verwijderd.").wait_for()
    desk.get_by_text("Geen openstaande verzoeken.").wait_for()
    assert_accessible(desk)
    req.refresh_from_db()
    assert req.status == ErasureStatus.DONE and not User.objects.filter(pk=anouk.pk).exists()
