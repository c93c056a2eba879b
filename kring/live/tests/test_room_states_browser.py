"""The room in a real browser: through every state of the clock the "paused" badge and
the Pause / Resume buttons are visible exactly when they mean something (item 11.5); a
tied vote holds the meeting until the chair decides (item 11.6)."""
from __future__ import annotations

from typing import Any

import pytest

from kring.live.actions import flow, vote
from kring.live.models import BlockKind
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


def test_a_tie_holds_the_meeting_until_the_chair_decides(asgi_server: str, new_page: Any) -> None:
    circle = build_circle()
    room = f"{asgi_server}/live/{circle.session.pk}/"
    flow.control(circle.facilitator, circle.fresh(), "start")
    vote_block = circle.fresh().blocks.get(kind=BlockKind.VOTE)
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(vote_block.pk))
    vote.cast(circle.members[1], circle.fresh(), circle.cases[0])
    vote.cast(circle.members[0], circle.fresh(), circle.cases[1])
    chair, member = new_page(), new_page()
    for page, person in ((chair, circle.facilitator), (member, circle.members[2])):
        login(page, asgi_server, person.email)
        page.goto(room)
        page.wait_for_selector("#live-room[data-connected=true]")

    _button(chair, "Stemming sluiten").click()
    member.wait_for_selector(".live-vote:has-text('De stemmen staken: de voorzitter kiest.')")
    hold = chair.locator("#vote-hold")
    hold.wait_for()
    assert "hak de knoop door" in hold.inner_text()
    assert "worden dan overgeslagen" in hold.inner_text()  # what going on without a case means
    assert chair.get_by_role("button", name="Deze casus kiezen").count() == 2
    assert member.locator("#vote-hold").count() == 0
    assert_accessible(chair)

    # Moving on is refused, with the reason and the way out.
    _button(chair, "Volgend onderdeel").click()
    alert = chair.locator("#live-errors [role=alert]")
    alert.wait_for()
    assert "De stemmen staken" in alert.inner_text() and "Doorgaan zonder casus" in alert.inner_text()
    assert chair.locator("#live-block-title").inner_text() == "Casuskeuze"

    # The explicit choice: everyone moves on past the (skipped) phases.
    _button(chair, "Doorgaan zonder casus").click()
    for page in (chair, member):
        page.wait_for_function("() => document.getElementById('live-block-title').textContent.trim() === 'Pauze'")
    phases = circle.fresh().blocks.filter(kind=BlockKind.PHASE).count()
    member.wait_for_function("n => document.querySelectorAll('.agenda li.skipped').length === n", arg=phases)
