"""Counted messages say "1 persoon", not "1 personen"."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.meetings.tests.conftest import Circle
from kring.meetings.tests.test_polls import _answer, _poll

pytestmark = pytest.mark.django_db


def test_a_reminder_to_one_person_says_one_person(circle: Circle) -> None:
    poll = _poll(circle)
    for person in (circle.facilitator, *circle.members[:2]):
        _answer(person, poll, "yes", "yes", "no")
    client = Client()
    client.force_login(circle.facilitator)
    page = client.post(reverse("meetings:poll_remind", args=[poll.pk]), follow=True).content.decode()
    assert "Er is een herinnering gestuurd aan 1 persoon." in page
