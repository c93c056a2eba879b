"""Acceptance: several people in one live meeting, each in their own browser context,
against a real ASGI server (HTTP and websockets)."""
from __future__ import annotations

from typing import Any

import pytest

from kring.live.record import meeting_record
from kring.live.tests.conftest import build_circle
from kring.site.browser import assert_accessible, expect_console_error, login

pytestmark = [pytest.mark.browser]

ROOM = "#live-room"


def _title(page: Any) -> str:
    return page.locator("#live-block-title").inner_text()


def _wait_title(page: Any, text: str) -> None:
    page.wait_for_function(
        "t => document.getElementById('live-block-title').textContent.trim() === t"
        " && document.getElementById('live-block').textContent.includes(t)", arg=text)


def _click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_a_live_meeting_end_to_end(asgi_server: str, new_page: Any) -> None:
    circle = build_circle()
    session = circle.fresh()
    bringer, voter, notulist = circle.members
    session.note_taker = notulist
    session.save()
    room = f"{asgi_server}/live/{session.pk}/"

    pages = {}
    for key, person in [("chair", circle.facilitator), ("bringer", bringer), ("voter", voter), ("notes", notulist)]:
        page = new_page()
        login(page, asgi_server, person.email)
        page.goto(room)
        page.wait_for_selector(f"{ROOM}[data-connected=true]")
        pages[key] = page
    chair = pages["chair"]
    everyone = list(pages.values())
    assert_accessible(chair)
    assert_accessible(pages["voter"])

    # The chair starts; everyone follows.
    _click(chair, "Bijeenkomst starten")
    for page in everyone:
        _wait_title(page, "Openingsronde")
    for expected in ("Veiligheidsafspraken", "Terugblik", "Casuskeuze"):
        _click(chair, "Volgend onderdeel")
        for page in everyone:
            _wait_title(page, expected)
    assert_accessible(pages["voter"])

    # The vote: results hidden until the chair closes it.
    for key, title in [("voter", "Grenzen stellen"), ("notes", "Grenzen stellen"), ("bringer", "Teamconflict")]:
        page = pages[key]
        page.locator(".ballot li", has_text=title).get_by_role("button", name="Stemmen").click()
        page.wait_for_selector(".ballot li.mine")
    assert chair.locator(".vote-count").count() == 0
    _click(chair, "Stemming sluiten")
    for page in everyone:
        page.wait_for_selector(".chosen-case .bringer")
        assert page.locator(".chosen-case .bringer").inner_text() == bringer.name
    assert_accessible(chair)

    # Into the method's phases; measure how fast the last participant sees the new phase.
    started = chair.evaluate("Date.now()")
    _click(chair, "Volgend onderdeel")
    for page in everyone:
        _wait_title(page, "Voorbereiden")
    seen = [int(p.evaluate("document.getElementById('live-room').dataset.blockSeenAt")) for p in everyone]
    latency_ms = max(seen) - started
    print(f"\nphase change → last participant: {latency_ms} ms")

    # The note-taker's note appears for everyone, under this phase.
    notes = pages["notes"]
    notes.get_by_label("Notitie bij dit onderdeel").fill("Bram vertelt over een cliënt die blijft bellen")
    _click(notes, "Notitie toevoegen")
    for page in everyone:
        page.wait_for_selector(".notes li:has-text('blijft bellen')")
    assert pages["voter"].get_by_label("Notitie bij dit onderdeel").count() == 0  # not the note-taker

    # A pause freezes every countdown (the script keeps rendering; the value stays).
    _click(chair, "Pauzeren")
    frozen = {}
    for key, page in pages.items():
        page.wait_for_selector("#live-clock[data-paused=true]")
        frozen[key] = (page.locator("#live-clock").inner_text(), int(page.locator("#live-clock").get_attribute("data-ticks")))
    for key, page in pages.items():
        page.wait_for_function("n => +document.getElementById('live-clock').dataset.ticks >= n + 6", arg=frozen[key][1])
        assert page.locator("#live-clock").inner_text() == frozen[key][0]
    assert len({text for text, _ticks in frozen.values()}) == 1  # everyone shows the same time
    _click(chair, "Hervatten")
    for page in everyone:
        page.wait_for_selector("#live-clock[data-paused=false]")

    for expected in ("Verkennen", "Kernvraag formuleren", "Nieuwe werkwijze formuleren"):
        _click(chair, "Volgend onderdeel")
        for page in everyone:
            _wait_title(page, expected)

    # Advice from a member, a learning point from the case bringer: both where they belong.
    voter_page = pages["voter"]
    voter_page.get_by_label("Jouw advies").fill("Spreek vaste belmomenten af")
    _click(voter_page, "Advies toevoegen")
    bringer_page = pages["bringer"]
    assert bringer_page.get_by_label("Jouw advies").count() == 0  # the bringer listens
    bringer_page.get_by_label("Een leerpunt").fill("Eerder mijn grens benoemen")
    _click(bringer_page, "Leerpunt toevoegen")
    for page in everyone:
        page.wait_for_selector(".chosen-case .advice li:has-text('vaste belmomenten')")
        page.wait_for_selector(".chosen-case .learning li:has-text('grens benoemen')")
    assert_accessible(bringer_page)

    # A participant who reloads lands in the same phase.
    voter_page.reload()
    voter_page.wait_for_selector(f"{ROOM}[data-connected=true]")
    assert _title(voter_page) == "Nieuwe werkwijze formuleren"
    assert voter_page.locator(".chosen-case .advice li", has_text="vaste belmomenten").count() == 1

    # Someone outside the group: no page, and the socket is refused.
    outsider = new_page()
    login(outsider, asgi_server, circle.outsider.email)
    assert outsider.goto(room).status == 404
    expect_console_error(outsider, r"WebSocket connection to .* 403")  # the refusal this step checks
    outcome = outsider.evaluate(
        """url => new Promise(resolve => {
             const ws = new WebSocket(url);
             ws.onopen = () => resolve('open');
             ws.onclose = () => resolve('refused');
           })""", f"ws://{asgi_server.split('//')[1]}/ws/live/{session.pk}/")
    assert outcome == "refused"

    record = meeting_record(circle.meeting)
    assert record.cases[0].bringer == bringer
    assert record.cases[0].advice == ["Spreek vaste belmomenten af"]
    assert {p.pk for p in record.present} == {circle.facilitator.pk, bringer.pk, voter.pk, notulist.pk}
