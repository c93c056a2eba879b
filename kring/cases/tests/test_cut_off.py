"""The meeting page says until when cases can be brought, and why the button is gone
once they cannot."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kring.meetings import actions as meeting_actions
from kring.meetings.models import Meeting
from kring.meetings.tests.conftest import Circle

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY_10 = datetime(2026, 12, 7, 10, 0, tzinfo=AMSTERDAM)


def _page(circle: Circle, meeting: Meeting) -> str:
    client = Client()
    client.force_login(circle.members[0])
    return client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_the_meeting_page_says_until_when_and_then_why_not(circle: Circle) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        # Wednesday 19:00, two days' notice (the digest's days are 3): open until Tuesday 14:30.
        starts = MONDAY_10 + timedelta(days=2, hours=9)
        meeting = meeting_actions.create_meeting(circle.facilitator, circle.group, location="Utrecht",
                                                 starts_at=starts, ends_at=starts + timedelta(hours=2))
        page = _page(circle, meeting)
    assert "Casussen inbrengen kan tot dinsdag 8 december 2026, 14:30." in page
    assert reverse("cases:submit", args=[meeting.pk]) in page
    with time_machine.travel(MONDAY_10 + timedelta(days=1, hours=5), tick=False):
        page = _page(circle, meeting)
    assert reverse("cases:submit", args=[meeting.pk]) not in page
    assert "Casussen inbrengen kon tot dinsdag 8 december 2026, 14:30" in page
