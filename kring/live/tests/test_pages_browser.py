"""Every page of the methods and the meeting's preparation in a real browser: axe-core
finds nothing, and the main controls work from the keyboard alone. (No websockets here:
Django's live server is enough.)"""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from kring.live.models import Block
from kring.live.tests.conftest import build_circle
from kring.methods.models import Method
from kring.site.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(page: Any, locator: Any, key: str = "Enter") -> None:
    """Reach a control with the keyboard focus and operate it with a key."""
    locator.focus()
    assert locator.evaluate("el => el === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press(key)


def test_methods_and_preparation_pages_are_accessible_and_keyboard_operable(live_server: Any, new_page: Any) -> None:
    circle = build_circle()  # loads the catalogue: the transactional database starts empty
    session = circle.fresh()
    base = live_server.url
    page = new_page()
    login(page, base, circle.facilitator.email)

    # Methods: list, detail, copy (from the keyboard), edit, a phase.
    page.goto(base + _url("methods:list"))
    assert_accessible(page)
    gossip = Method.objects.get(key="roddelmethode")
    link = page.get_by_role("link", name="Roddelmethode", exact=True)
    _press(page, link)
    assert page.url.endswith(_url("methods:detail", gossip.pk))
    assert_accessible(page)
    page.get_by_label("Kopiëren voor groep").select_option(label=circle.group.name)
    _press(page, page.get_by_role("button", name="Kopiëren en aanpassen"))
    copy = Method.objects.get(group=circle.group, based_on=gossip)
    assert page.url.endswith(_url("methods:edit", copy.pk))
    assert_accessible(page)
    first = copy.phases.order_by("order")[0]
    _press(page, page.get_by_role("button", name=f"{first.title} omlaag"), "Space")
    assert copy.phases.order_by("order").first() != first
    page.goto(base + _url("methods:phase_edit", copy.pk, first.pk))
    assert_accessible(page)
    page.get_by_label("Duur (minuten)").fill("12")
    _press(page, page.get_by_label("Duur (minuten)"))  # Enter in a field submits the form
    first.refresh_from_db()
    assert first.minutes == 12
    page.goto(base + _url("methods:detail", copy.pk))
    assert_accessible(page)

    # The group's live meetings, its agreements, the meeting's set-up.
    page.goto(base + _url("live:group", circle.group.pk))
    assert_accessible(page)
    _press(page, page.get_by_role("link", name="bekijken of wijzigen"))
    assert_accessible(page)
    page.get_by_label("Onze afspraken").fill("Wat hier gezegd wordt, blijft hier.")
    page.keyboard.press("Tab")
    _press(page, page.get_by_role("button", name="Opslaan", exact=True))
    assert circle.group.agreements.text.startswith("Wat hier gezegd")
    page.goto(base + _url("live:setup", session.pk))
    assert_accessible(page)
    checkin = session.blocks.order_by("order")[0]
    _press(page, page.get_by_role("button", name="Openingsronde omlaag"))
    assert Block.objects.get(pk=checkin.pk).order > 0
    _press(page, page.get_by_role("button", name=re.compile(r"^Overslaan\s*:\s*Openingsronde$")))
    assert Block.objects.get(pk=checkin.pk).skipped
    page.get_by_label("Notulist").select_option(label=circle.members[2].name)
    roles = page.locator("form", has=page.get_by_label("Notulist"))
    _press(page, roles.get_by_role("button", name="Opslaan"))
    assert circle.fresh().note_taker == circle.members[2]
    assert_accessible(page)

    # A member's view of the group's agreements (read-only).
    member = new_page()
    login(member, base, circle.members[0].email)
    member.goto(base + _url("live:agreements", circle.group.pk))
    assert member.get_by_text("blijft hier").count() == 1
    assert_accessible(member)


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)
