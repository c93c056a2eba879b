from __future__ import annotations

import hashlib
import re
from datetime import time, timedelta
from itertools import pairwise

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from kring.core.errors import Refused
from kring.meetings import actions, queries
from kring.meetings.models import CalendarFeed, MeetingReply
from kring.meetings.tests.conftest import Circle, local, slot

pytestmark = pytest.mark.django_db


def test_a_series_keeps_its_local_time_and_single_meetings_can_move(circle: Circle) -> None:
    series = actions.create_series(circle.facilitator, circle.group, interval_weeks=6, count=5,
                                   location="Utrecht", **slot(10))
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 5
    from django.utils import timezone

    assert {timezone.localtime(m.starts_at).time() for m in meetings} == {time(19, 0)}  # across DST changes
    assert [(b.starts_at.date() - a.starts_at.date()).days for a, b in pairwise(meetings)] == [42] * 4
    assert queries.gaps(circle.group) == []
    actions.cancel_meeting(circle.facilitator, meetings[2])
    gaps = queries.gaps(circle.group)  # the cancellation leaves twelve weeks: a warning, not a block
    assert [(g.before, g.after, g.weeks) for g in gaps] == [(meetings[1], meetings[3], 12)]
    with pytest.raises(Refused):
        actions.create_series(circle.facilitator, circle.group, interval_weeks=0, count=3, location="x", **slot(10))


def test_planning_is_validated_and_only_for_organisers(circle: Circle) -> None:
    with pytest.raises(Refused):
        actions.create_meeting(circle.members[0], circle.group, location="x", **slot())
    with pytest.raises(Refused):
        actions.create_meeting(circle.facilitator, circle.group, **slot())  # no place
    with pytest.raises(Refused):
        actions.create_meeting(circle.facilitator, circle.group, location="x", **slot(-2))
    with pytest.raises(Refused):
        actions.create_meeting(circle.facilitator, circle.group, location="x", **slot(hours=13))
    with pytest.raises(Refused):
        actions.create_meeting(circle.facilitator, circle.group, location="x", break_minutes=180, **slot(hours=2))
    meeting = actions.create_meeting(circle.coordinator, circle.group, location="x", **slot())
    assert meeting.sequence == 0


def test_the_meeting_form_reports_bad_input_in_dutch(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.facilitator)
    url = reverse("meetings:create", args=[circle.group.pk])
    day = local(30).date().isoformat()
    response = client.post(url, {"day": day, "start": "21:00", "end": "19:00", "break_minutes": "15"})
    body = response.content.decode()
    assert response.status_code == 422 and "moet eindigen na het begin" in body and "locatie of een onlinelink" in body
    response = client.post(url, {"day": day, "start": "19:00", "end": "21:30", "break_minutes": "15", "location": "Zwolle"})
    assert response.status_code == 302 and circle.group.meetings.count() == 1


def test_members_answer_attending_in_kring(circle: Circle) -> None:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="x", **slot())
    actions.reply(circle.members[0], meeting, "yes")
    actions.reply(circle.members[0], meeting, "no")
    assert MeetingReply.objects.get().answer == "no"
    with pytest.raises(Refused):
        actions.reply(circle.outsider, meeting, "yes")
    with pytest.raises(Refused):
        actions.reply(circle.members[1], meeting, "maybe")


def test_personal_feed_is_secret_revocable_and_stored_only_as_a_hash(circle: Circle) -> None:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot())
    token = actions.rotate_feed(circle.members[0])
    stored = CalendarFeed.objects.get(person=circle.members[0])
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in str(
        list(CalendarFeed.objects.values_list()))
    client = Client()
    response = client.get(reverse("meetings:feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert [e.decoded("DTSTART") for e in cal.walk("VEVENT")] == [meeting.starts_at]
    # Knowing the hash (a database leak) does not open the calendar.
    assert client.get(reverse("meetings:feed", args=[stored.token_hash])).status_code == 404
    new = actions.rotate_feed(circle.members[0])
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200
    actions.revoke_feed(circle.members[0])
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 404
    assert client.get(reverse("meetings:feed", args=["nonsense"])).status_code == 404
    outsider_token = actions.rotate_feed(circle.outsider)
    assert Calendar.from_ical(client.get(reverse("meetings:feed", args=[outsider_token])).content).walk("VEVENT") == []


def test_the_feed_page_shows_a_new_address_once(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.members[0])
    response = client.post(reverse("meetings:feed_rotate"))
    found = re.search(r"/agenda/([^/\"]+)\.ics", response.content.decode())
    assert found is not None
    token = found.group(1)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "enige keer" in response.content.decode()
    assert CalendarFeed.objects.get().token_hash == CalendarFeed.hash(token)
    page = client.get(reverse("meetings:feed_settings")).content.decode()
    assert token not in page and "nieuw adres" in page


@pytest.mark.django_db(transaction=True)
def test_old_plaintext_feed_tokens_are_hashed_by_the_migration(circle: Circle) -> None:
    """Addresses people subscribed to before hashing keep working; the plaintext is gone."""
    before = [("meetings", "0002_meeting_agenda_meeting_digest_sent_at_and_more")]
    executor = MigrationExecutor(connection)
    # Forward to the latest schema (through 0003, which hashes): the feed view below runs
    # today's code, which needs every later column too.
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old_feed = executor.loader.project_state(before).apps.get_model("meetings", "CalendarFeed")
        old_feed.objects.create(person_id=circle.members[0].pk, token="oud-token-van-voor-de-hash")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert CalendarFeed.objects.get().token_hash == CalendarFeed.hash("oud-token-van-voor-de-hash")
        assert Client().get(reverse("meetings:feed", args=["oud-token-van-voor-de-hash"])).status_code == 200
    finally:
        executor = MigrationExecutor(connection)  # back to the latest schema for the tests that follow
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_pages_render(circle: Circle) -> None:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot())
    client = Client()
    client.force_login(circle.facilitator)
    month = local(30).strftime("%Y-%m")
    assert meeting.get_status_display() in client.get(reverse("meetings:group_list", args=[circle.group.pk])).content.decode()
    page = client.get(reverse("meetings:month", args=[circle.group.pk]), {"maand": month}).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in page
    assert client.get(reverse("meetings:month", args=[circle.group.pk]), {"maand": "kapot"}).status_code == 200
    assert reverse("meetings:detail", args=[meeting.pk]) in client.get(reverse("meetings:overview")).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in client.get(reverse("groups:detail", args=[circle.group.pk])).content.decode()
    outsider = Client()
    outsider.force_login(circle.outsider)
    assert outsider.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert timedelta(0) < meeting.duration
