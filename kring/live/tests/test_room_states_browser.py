"""The room in a real browser through every state of the clock: the "paused" badge and
the Pause / Resume buttons are visible exactly when they mean something."""
from __future__ import annotations

from typing import Any

import pytest

from kring.live.tests.conftest import build_circle
from kring.site.browser import assert_accessible, login

pytestmark = [pytest.mark.browser]

BADGE = "#live-paused"


def _button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def _shown(page: Any, selector: str) -> bool:
    return bool(page.locator(selector).is_visible())


def test_paused_badge_and_pause_resume_follow_the_state(asgi_server: str, new_page: Any) -> None:
    circle = build_circle()
    room = f"{asgi_server}/live/{circle.session.pk}/"
    chair, member = new_page(), new_page()
    for page, person in ((chair, circle.facilitator), (member, circle.members[0])):
        login(page, asgi_server, person.email)
        page.goto(room)
        page.wait_for_selector("#live-room[data-connected=true]")

    # Before the start: no badge, no pause or resume, only "start".
    for page in (chair, member):
        assert not _shown(page, BADGE)
    assert _button(chair, "Bijeenkomst starten").is_visible()
    assert _button(chair, "Pauzeren").count() == 0 and _button(chair, "Hervatten").count() == 0

    # The clock runs: Pause is offered, Resume is not, and nothing says "paused".
    _button(chair, "Bijeenkomst starten").click()
    _button(chair, "Pauzeren").wait_for(state="visible")
    for page in (chair, member):
        page.wait_for_selector("#live-clock[data-paused=false]")
        assert not _shown(page, BADGE)
    assert not _button(chair, "Hervatten").is_visible()
    assert_accessible(chair)

    # Paused: the badge for everyone, Resume instead of Pause.
    _button(chair, "Pauzeren").click()
    for page in (chair, member):
        page.wait_for_selector(f"{BADGE}:visible")
    _button(chair, "Hervatten").wait_for(state="visible")
    assert not _button(chair, "Pauzeren").is_visible()
    assert member.locator(BADGE).inner_text() == "gepauzeerd"
    assert_accessible(chair)

    # A reload while paused shows the same (the server renders it so).
    chair.reload()
    chair.wait_for_selector("#live-room[data-connected=true]")
    assert _shown(chair, BADGE) and _button(chair, "Hervatten").is_visible()
    assert not _button(chair, "Pauzeren").is_visible()

    # Resumed: back to running.
    _button(chair, "Hervatten").click()
    for page in (chair, member):
        page.wait_for_selector(f"{BADGE}", state="hidden")
    _button(chair, "Pauzeren").wait_for(state="visible")
    assert not _button(chair, "Hervatten").is_visible()

    # Paused and then on to the next block: the new block's clock runs, so no badge.
    _button(chair, "Pauzeren").click()
    member.wait_for_selector(f"{BADGE}:visible")
    _button(chair, "Volgend onderdeel").click()
    for page in (chair, member):
        page.wait_for_function("() => document.getElementById('live-block-title').textContent.trim()"
                               " === 'Veiligheidsafspraken'")
        page.wait_for_selector(f"{BADGE}", state="hidden")
    _button(chair, "Pauzeren").wait_for(state="visible")
    assert not _button(chair, "Hervatten").is_visible()

    # Ended: no badge, no controls.
    _button(chair, "Bijeenkomst beëindigen").click()
    for page in (chair, member):
        page.wait_for_selector("#live-block:has-text('De bijeenkomst is afgelopen')")
        assert not _shown(page, BADGE)
    assert _button(chair, "Pauzeren").count() == 0 and _button(chair, "Hervatten").count() == 0
