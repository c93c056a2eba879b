"""Sessions end after inactivity (sooner for staff and facilitators) and after an absolute
lifetime; pages for signed-in people are not stored and may use no device features."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.site.testing import PASSWORD, make_person

DASHBOARD = "/overzicht/"


@pytest.fixture(autouse=True)
def _session_limits(settings: object) -> None:
    # The defaults of kring/settings.py (conftest.py relaxes them for the other tests).
    settings.KRING_IDLE_TIMEOUT_TRUSTED_MINUTES = 30  # type: ignore[attr-defined]
    settings.KRING_IDLE_TIMEOUT_MINUTES = 120  # type: ignore[attr-defined]
    settings.KRING_SESSION_LIFETIME_HOURS = 12  # type: ignore[attr-defined]
    settings.SESSION_COOKIE_AGE = 12 * 3600  # type: ignore[attr-defined]


def log_in(email: str) -> Client:
    client = Client()
    assert client.post(reverse("account_login"), {"login": email, "password": PASSWORD}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    return client


def signed_in(client: Client) -> bool:
    answer = client.get(DASHBOARD)
    return bool(answer.status_code == 200)


@pytest.mark.django_db
def test_staff_are_logged_out_after_half_an_hour_idle_members_later() -> None:
    staff, member = make_person("Stan Staff", staff=True), make_person("Mo Member")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        staff_client, member_client = log_in(staff.email), log_in(member.email)
        traveller.move_to(start + timedelta(minutes=29))
        assert signed_in(staff_client) and signed_in(member_client)
        traveller.move_to(start + timedelta(minutes=29 + 31))
        answer = staff_client.get(DASHBOARD)
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("account_login"))
        assert not signed_in(staff_client)
        assert signed_in(member_client)  # a member's idle limit is two hours
        traveller.move_to(start + timedelta(minutes=60 + 121))
        assert not signed_in(member_client)


@pytest.mark.django_db
def test_an_active_session_still_ends_after_its_lifetime() -> None:
    member = make_person("Mo Member")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = log_in(member.email)
        for hour in range(1, 12):
            traveller.move_to(start + timedelta(hours=hour))
            assert signed_in(client)
        traveller.move_to(start + timedelta(hours=12, minutes=1))
        assert not signed_in(client)


@pytest.mark.django_db
def test_pages_for_signed_in_people_are_not_stored_and_use_no_devices() -> None:
    client = log_in(make_person("Mo Member").email)
    for path in (DASHBOARD, reverse("accounts:profile"), reverse("accounts:relations")):
        answer = client.get(path)
        assert answer["Cache-Control"] == "no-store"
        assert "camera=()" in answer["Permissions-Policy"] and "microphone=()" in answer["Permissions-Policy"]
    assert "camera=()" in Client().get(reverse("account_login"))["Permissions-Policy"]
