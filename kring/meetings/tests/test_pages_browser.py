"""The organiser's pages in a real browser: axe-core finds nothing, and the main controls
can be reached and used with the keyboard alone."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from kring.meetings import actions, poll_actions
from kring.meetings.models import Meeting
from kring.meetings.tests.conftest import local, make_circle, slot
from kring.site.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page: Any, target: Any, limit: int = 80) -> None:
    """Press Tab from the top of the page until ``target`` has the focus."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"not reachable with Tab: {target}")


def activate(page: Any, target: Any) -> None:
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_organiser_pages_are_accessible_and_keyboard_usable(live_server: Any, new_page: Any) -> None:
    circle = make_circle()
    group_id, base = circle.group.pk, live_server.url
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot(12))
    poll_actions.create_poll(circle.facilitator, circle.group, title="Na de zomer", deadline=local(5),
                             options=[(local(40), local(40) + timedelta(hours=2))], location="Utrecht")
    page = new_page()
    login(page, base, circle.facilitator.email)

    # The month calendar: the meeting and the month navigation are reachable.
    month = timezone.localtime(meeting.starts_at).strftime("%Y-%m")
    page.goto(f"{base}/bijeenkomsten/groep/{group_id}/kalender/?maand={month}")
    assert_accessible(page)
    tab_to(page, page.locator(f"a.month-meeting[href$='/{meeting.pk}/']"))
    activate(page, page.locator("nav.actions a").last)
    assert page.url.endswith(f"?maand={(timezone.localtime(meeting.starts_at).replace(day=28) + timedelta(days=5)):%Y-%m}")
    assert_accessible(page)

    # The new-meeting form: errors are accessible too; sent with the keyboard.
    page.goto(f"{base}/bijeenkomsten/groep/{group_id}/nieuw/")
    assert_accessible(page)
    submit = page.locator("main form button[type=submit]")
    activate(page, submit)
    assert page.locator(".field.has-error").count() > 0
    assert_accessible(page)
    day = local(19).date().isoformat()
    page.fill("input[name=day]", day)
    page.fill("input[name=start]", "19:00")
    page.fill("input[name=end]", "21:00")
    page.fill("input[name=location]", "Buurthuis De Kring")
    activate(page, submit)
    page.locator(".message.success").wait_for()
    assert Meeting.objects.count() == 2

    # The series form.
    page.goto(f"{base}/bijeenkomsten/groep/{group_id}/reeks/")
    assert_accessible(page)
    page.fill("input[name=day]", local(60).date().isoformat())
    page.fill("input[name=start]", "10:00")
    page.fill("input[name=end]", "12:00")
    page.fill("input[name=count]", "3")
    page.fill("input[name=online_url]", "https://meet.example.org/oost")
    tab_to(page, page.locator("input[name=interval_weeks]"))
    activate(page, submit)
    page.locator(".message.success").wait_for()
    assert Meeting.objects.count() == 5

    # The group's meeting settings: a wrong combination, then a right one.
    page.goto(f"{base}/bijeenkomsten/groep/{group_id}/instellingen/")
    assert_accessible(page)
    tab_to(page, page.locator("input[name=call_days_before]"))
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    activate(page, submit)
    assert page.locator(".field.has-error").count() == 1
    assert_accessible(page)
    page.fill("input[name=call_days_before]", "10")
    activate(page, submit)
    page.locator(".message.success").wait_for()

    # The overview of everything upcoming.
    page.goto(f"{base}/bijeenkomsten/")
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Na de zomer", exact=False))
    tab_to(page, page.locator(f"main a[href$='/{meeting.pk}/']"))

    # The calendar-feed page: the address shown once, and it works.
    page.goto(f"{base}/bijeenkomsten/agenda/")
    assert_accessible(page)
    activate(page, page.get_by_role("button", name="Mijn agenda-adres maken"))
    url = page.locator("#feed-url").input_value()
    assert_accessible(page)
    feed = page.request.get(url.replace("http://127.0.0.1:8000", base))
    assert feed.status == 200 and len(Calendar.from_ical(feed.body()).walk("VEVENT")) == 5
    page.goto(f"{base}/bijeenkomsten/agenda/")
    assert page.locator("#feed-url").count() == 0
    assert_accessible(page)

    # Someone outside the group gets the 404 page.
    outsider = new_page()
    login(outsider, base, circle.outsider.email)
    response = outsider.goto(f"{base}/bijeenkomsten/{meeting.pk}/")
    assert response is not None and response.status == 404
    assert_accessible(outsider)
