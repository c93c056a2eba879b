"""The group's meetings page: a meeting already held is listed under "Eerder", also on the
evening itself (held before its planned end), never under "Komend"."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kring.meetings import actions
from kring.meetings.tests.conftest import Circle, slot

pytestmark = pytest.mark.django_db


def _sections(client: Client, circle: Circle) -> tuple[str, str]:
    page = client.get(reverse("meetings:group_list", args=[circle.group.pk])).content.decode()
    upcoming, _, earlier = page.partition("<h2>Eerder</h2>")
    return upcoming.split("<h2>Komend</h2>", 1)[1], earlier


def test_a_meeting_marked_held_is_earlier_not_upcoming(circle: Circle) -> None:
    held = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot(3))
    later = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot(10))
    client = Client()
    client.force_login(circle.facilitator)
    with time_machine.travel(held.starts_at + timedelta(minutes=90), tick=False):
        actions.mark_held(circle.facilitator, held)  # done early: its planned end is still ahead
        upcoming, earlier = _sections(client, circle)
    held_url, later_url = (reverse("meetings:detail", args=[m.pk]) for m in (held, later))
    assert held_url not in upcoming and held_url in earlier
    assert later_url in upcoming and later_url not in earlier
