"""The demo on a phone (375 px wide) in a real Chromium: every main page of every role
fits the screen (no sideways scrolling; a wide table scrolls inside its own frame), passes
axe, and leaves no error in the console (no CSP violation from htmx). And three things
seen on a phone: the status tabs of the applications have no bullets over them, the dates
under the evaluation chart are whole, the meeting just held is not under "Komend"."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.formation.models import Offer
from kring.live.models import LiveSession
from kring.methods.models import Method
from kring.reports.tests.test_browser import reseed
from kring.site.browser import PHONE_WIDTH, assert_accessible, expect_console_error, login
from kring.site.demo import Demo, load_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Url = Callable[[Demo], str]


def _next_meeting(demo: Demo) -> Any:
    return demo.groups["therapeutic"].meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()


def _held_meeting(demo: Demo) -> Any:
    return demo.groups["peer"].meetings.filter(ends_at__lt=timezone.now()).order_by("-starts_at").first()


def _offer() -> Offer:
    offer = Offer.objects.order_by("created_at").first()
    assert offer is not None
    return offer


def _catalogue_method() -> Method:
    method = Method.objects.filter(group=None, key="roddelmethode").first()
    assert method is not None
    return method


ROUNDS: list[tuple[str, list[Url]]] = [
    ("facilitator2", [
        lambda d: reverse("site:dashboard"),
        lambda d: reverse("groups:detail", args=[d.groups["therapeutic"].pk]),
        lambda d: reverse("groups:members", args=[d.groups["therapeutic"].pk]),
        lambda d: reverse("meetings:group_list", args=[d.groups["therapeutic"].pk]),
        lambda d: reverse("meetings:group_list", args=[d.groups["peer"].pk]),
        lambda d: reverse("meetings:overview"),
        lambda d: reverse("meetings:detail", args=[_next_meeting(d).pk]),
        lambda d: reverse("methods:list"),
        lambda d: reverse("methods:detail", args=[_catalogue_method().pk]),
        lambda d: reverse("live:group", args=[d.groups["therapeutic"].pk]),
        lambda d: reverse("live:setup", args=[LiveSession.objects.get(meeting=_next_meeting(d)).pk]),
        lambda d: reverse("live:room", args=[LiveSession.objects.get(meeting=_next_meeting(d)).pk]),
        lambda d: reverse("reports:meeting", args=[_held_meeting(d).pk]),
        lambda d: reverse("reports:attendance", args=[_held_meeting(d).pk]),
        lambda d: reverse("reports:group_evaluations", args=[d.groups["peer"].pk]),
        lambda d: reverse("reports:group_costs", args=[d.groups["peer"].pk]),
    ]),
    ("coordinator", [
        lambda d: reverse("formation:offer_list"),
        lambda d: reverse("formation:offer_detail", args=[_offer().pk]),
        lambda d: reverse("formation:applications", args=[_offer().pk]),
        lambda d: reverse("formation:capacity", args=[d.orgs["institute"].pk]),
        lambda d: reverse("formation:run_new", args=[_offer().pk]),
        lambda d: reverse("organisations:detail", args=[d.orgs["institute"].pk]),
    ]),
    ("p1", [
        lambda d: reverse("meetings:poll", args=[d.groups["peer"].date_polls.get().pk]),
        lambda d: reverse("reports:me"),
        lambda d: reverse("accounts:profile"),
        lambda d: reverse("accounts:relations"),
    ]),
    ("t1", [
        lambda d: reverse("meetings:detail", args=[_next_meeting(d).pk]),
        lambda d: reverse("cases:submit", args=[_next_meeting(d).pk]),
    ]),
]

# Every text of an SVG chart lies inside the chart's own box (a date half outside is cut).
_CHART_TEXT_OUTSIDE = """
() => [...document.querySelectorAll('figure.chart svg')].flatMap(svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()])
    .filter(([, b]) => b.x < box.x || b.x + b.width > box.x + box.width)
    .map(([text, b]) => `${text}: ${Math.round(b.x)}–${Math.round(b.x + b.width)} outside 0–${box.width}`);
})
"""


@pytest.fixture
def demo() -> Demo:
    reseed()  # the register rules a transactional test flushed
    return load_all()


def test_every_main_page_fits_a_phone(live_server: Any, new_page: Any, demo: Demo) -> None:
    for who, urls in ROUNDS:
        page = new_page(width=PHONE_WIDTH)
        login(page, live_server.url, demo.people[who].email, demo.password)
        for url in urls:
            path = url(demo)
            if path.startswith("/live/") and "/groep/" not in path and not path.endswith("/opzet/"):
                # The room's websocket needs an ASGI server, not this test's WSGI live
                # server; kring/live/tests/test_browser.py runs the room over one.
                expect_console_error(page, r"WebSocket connection to .* failed")
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            assert page.evaluate("document.documentElement.clientWidth") == PHONE_WIDTH
            assert_accessible(page)  # axe, no sideways scrolling, no console error


def test_phone_details_tabs_chart_and_held_meetings(live_server: Any, new_page: Any, demo: Demo) -> None:
    page = new_page(width=PHONE_WIDTH)
    login(page, live_server.url, demo.people["coordinator"].email, demo.password)
    page.goto(live_server.url + reverse("formation:applications", args=[_offer().pk]))
    tabs = page.get_by_role("navigation", name="Filteren op status").locator("li")
    assert tabs.count() > 3
    assert set(tabs.evaluate_all("items => items.map(li => getComputedStyle(li).listStyleType)")) == {"none"}
    assert_accessible(page)

    page = new_page(width=PHONE_WIDTH)
    login(page, live_server.url, demo.people["facilitator2"].email, demo.password)
    page.goto(live_server.url + reverse("reports:group_evaluations", args=[demo.groups["peer"].pk]))
    assert page.locator("figure.chart svg text").count() > 0
    assert page.evaluate(_CHART_TEXT_OUTSIDE) == []
    assert_accessible(page)
