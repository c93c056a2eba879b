"""The poll's grid on a phone (375 px): the page never scrolls sideways, the wide table
scrolls inside its own box, with the keyboard too, and axe finds nothing."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from kring.meetings import poll_actions
from kring.meetings.tests.conftest import local, make_circle
from kring.site.browser import assert_accessible, login
from kring.site.testing import make_person, put_in_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_grid_scrolls_inside_its_box_at_375_px(live_server: Any, new_page: Any) -> None:
    circle = make_circle()
    options = [(local(d), local(d) + timedelta(hours=2)) for d in range(20, 62, 7)]  # six dates
    poll = poll_actions.create_poll(circle.facilitator, circle.group, title="Het najaar", deadline=local(10),
                                    options=options, location="Utrecht")
    people = [*circle.members, make_person("Maximiliaan van Oldenbarnevelt-Zuidhoek")]
    put_in_group(circle.group, people[-1])
    ids = [str(o.pk) for o in poll.options.all()]
    for n, person in enumerate(people):
        answers = {i: ("yes", "maybe", "no")[(n + k) % 3] for k, i in enumerate(ids)}
        poll_actions.answer_poll(person, poll, answers, "Dinsdag lastig" if n == 0 else "",
                                 {ids[2]: "Pas na 19:30"} if n == 1 else {})
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, circle.members[0].email)
    page.goto(f"{live_server.url}/")  # the dashboard: the open poll waits there
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name=f"{circle.group.name}: Het najaar").click()
    page.wait_for_url(f"**/bijeenkomsten/prik/{poll.pk}/")
    grid = page.get_by_role("table", name="Antwoorden van 4 personen per datum")
    assert grid.locator("tbody th[scope=row]").count() == 4
    assert grid.locator("thead th[scope=col]").count() == 7
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.get_by_role("region", name="Antwoorden van 4 personen per datum")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # wide: it scrolls, inside its box
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
    assert page.evaluate("window.scrollX") == 0
    assert_accessible(page)
