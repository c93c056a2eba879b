from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from kring.core.errors import Refused
from kring.meetings import actions, queries
from kring.meetings.models import MeetingReply
from kring.meetings.tests.conftest import local, slot

pytestmark = pytest.mark.django_db


def test_a_series_keeps_its_local_time_and_single_meetings_can_move(circle: Any) -> None:
    series = actions.create_series(circle.facilitator, circle.group, interval_weeks=6, count=5,
                                   location="Utrecht", **slot(10))
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 5
    from django.utils import timezone

    assert {timezone.localtime(m.starts_at).time() for m in meetings} == {time(19, 0)}  # across DST changes
    assert [(b.starts_at.date() - a.starts_at.date()).days for a, b in zip(meetings, meetings[1:])] == [42] * 4
    assert queries.gaps(circle.group) == []
    actions.cancel_meeting(circle.facilitator, meetings[2])
    gaps = queries.gaps(circle.group)  # the cancellation leaves twelve weeks: a warning, not a block
    assert [(g.before, g.after, g.weeks) for g in gaps] == [(meetings[1], meetings[3], 12)]
    with pytest.raises(Refused):
        actions.create_series(circle.facilitator, circle.group, interval_weeks=0, count=3, location="x", **slot(10))


def test_planning_is_validated_and_only_for_organisers(circle: Any) -> None:
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


def test_the_meeting_form_reports_bad_input_in_dutch(circle: Any) -> None:
    client = Client()
    client.force_login(circle.facilitator)
    url = reverse("meetings:create", args=[circle.group.pk])
    day = local(30).date().isoformat()
    response = client.post(url, {"day": day, "start": "21:00", "end": "19:00", "break_minutes": "15"})
    body = response.content.decode()
    assert response.status_code == 422 and "moet eindigen na het begin" in body and "locatie of een onlinelink" in body
    response = client.post(url, {"day": day, "start": "19:00", "end": "21:30", "break_minutes": "15", "location": "Zwolle"})
    assert response.status_code == 302 and circle.group.meetings.count() == 1


def test_members_answer_attending_in_kring(circle: Any) -> None:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="x", **slot())
    actions.reply(circle.members[0], meeting, "yes")
    actions.reply(circle.members[0], meeting, "no")
    assert MeetingReply.objects.get().answer == "no"
    with pytest.raises(Refused):
        actions.reply(circle.outsider, meeting, "yes")
    with pytest.raises(Refused):
        actions.reply(circle.members[1], meeting, "maybe")


def test_personal_feed_is_secret_and_revocable(circle: Any) -> None:
    meeting = actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot())
    feed = actions.rotate_feed(circle.members[0])
    client = Client()
    response = client.get(reverse("meetings:feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert [e.decoded("DTSTART") for e in cal.walk("VEVENT")] == [meeting.starts_at]
    new = actions.rotate_feed(circle.members[0])
    assert client.get(reverse("meetings:feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new.token])).status_code == 200
    actions.revoke_feed(circle.members[0])
    assert client.get(reverse("meetings:feed", args=[new.token])).status_code == 404
    assert client.get(reverse("meetings:feed", args=["nonsense"])).status_code == 404
    outsider_feed = actions.rotate_feed(circle.outsider)
    assert Calendar.from_ical(client.get(reverse("meetings:feed", args=[outsider_feed.token])).content).walk("VEVENT") == []


def test_pages_render(circle: Any) -> None:
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
