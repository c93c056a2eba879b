from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.models import AccessEntry, AuditEntry
from kring.cases import actions, events
from kring.cases.models import Case, CaseStatus
from kring.core.errors import Refused
from kring.groups.actions import set_full_text_in_mail
from kring.mail.models import OutboxMessage
from kring.meetings import actions as meeting_actions
from kring.meetings.models import Meeting
from kring.meetings.tests.conftest import Circle, slot

pytestmark = pytest.mark.django_db


def _case(person: User, meeting: Meeting, **extra: Any) -> Case:
    fields = {"title": "Vastgelopen", "situation": "Een moeder zegt steeds af.", "question": "Hoe nu verder?", **extra}
    return actions.submit_case(person, meeting, **fields)


def test_only_the_circle_sees_a_case_and_every_read_is_logged(circle: Circle, meeting: Meeting) -> None:
    case = _case(circle.members[0], meeting)
    url = reverse("cases:detail", args=[case.pk])
    for person, status in [(circle.members[1], 200), (circle.facilitator, 200), (circle.coordinator, 404),
                           (circle.outsider, 404)]:
        client = Client()
        client.force_login(person)
        assert client.get(url).status_code == status
    reads = AccessEntry.objects.filter(event=events.CASE_READ, object_id=str(case.pk))
    assert sorted((r.reader_id for r in reads), key=str) == sorted([circle.members[1].pk, circle.facilitator.pk], key=str)
    assert {r.subject_id for r in reads} == {circle.members[0].pk}
    staff = Client()
    staff.force_login(circle.coordinator)
    circle.coordinator.is_staff = True
    circle.coordinator.save()
    assert staff.get(url).status_code == 404
    # No case content in the audit trail.
    assert "Vastgelopen" not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def test_the_author_edits_and_withdraws_until_the_digest(circle: Circle, meeting: Meeting) -> None:
    anna, bram = circle.members[:2]
    case = _case(anna, meeting)
    with pytest.raises(Refused):
        actions.update_case(bram, case, title="Gekaapt", situation="x", question="y")
    actions.update_case(anna, case, title="Nieuwe titel", situation="Anders", question="Wat nu?")
    case.refresh_from_db()
    assert case.title == "Nieuwe titel"
    withdrawn = actions.withdraw_case(anna, _case(anna, meeting, title="Tweede"))
    assert withdrawn.status == CaseStatus.WITHDRAWN
    other = Client()
    other.force_login(bram)
    assert other.get(reverse("cases:detail", args=[withdrawn.pk])).status_code == 404
    with time_machine.travel(meeting_actions.due_times(meeting)["digest"]):
        assert meeting_actions.send_scheduled(str(meeting.pk), "digest", meeting.starts_at.isoformat()) == "sent"
        meeting.refresh_from_db()
        with pytest.raises(Refused):
            actions.update_case(anna, case, title="Te laat", situation="x", question="y")
        with pytest.raises(Refused):
            actions.withdraw_case(anna, case)
    case.refresh_from_db()
    assert case.title == "Nieuwe titel" and case.status == CaseStatus.SUBMITTED


def test_bad_input_gets_a_clear_message(circle: Circle, meeting: Meeting) -> None:
    anna = circle.members[0]
    with pytest.raises(Refused, match="titel"):
        _case(anna, meeting, title="   ")
    with pytest.raises(Refused, match="te lang"):
        _case(anna, meeting, question="?" * 2001)
    with pytest.raises(Refused):
        _case(circle.facilitator, meeting)
    with pytest.raises(Refused):
        _case(circle.outsider, meeting)
    client = Client()
    client.force_login(anna)
    url = reverse("cases:submit", args=[meeting.pk])
    response = client.post(url, {"title": "", "situation": "", "question": ""})
    assert response.status_code == 422
    response = client.post(url, {"title": "Ünïcode 🙂", "situation": "Één situatie", "question": "Hoe?"})
    assert response.status_code == 302
    assert meeting.cases.get().title == "Ünïcode 🙂"


def test_the_meeting_page_lists_the_cases_and_logs_each_title_read(circle: Circle, meeting: Meeting) -> None:
    anna, bram = circle.members[:2]
    first, second = _case(anna, meeting), _case(bram, meeting, title="Tweede casus")
    actions.withdraw_case(bram, second)  # a withdrawn case is its author's alone
    url = reverse("meetings:detail", args=[meeting.pk])
    client = Client()
    client.force_login(anna)
    page = client.get(url).content.decode()
    assert 'aria-labelledby="cases-heading"' in page and "Vastgelopen" in page and "Tweede casus" not in page
    assert reverse("cases:submit", args=[meeting.pk]) in page  # she may bring another one
    client.force_login(circle.facilitator)
    page = client.get(url).content.decode()
    assert "Vastgelopen" in page and reverse("cases:submit", args=[meeting.pk]) not in page
    listed = AccessEntry.objects.filter(event=events.CASE_TITLE_READ)
    assert sorted((e.reader_id for e in listed), key=str) == sorted([anna.pk, circle.facilitator.pk], key=str)
    assert {e.object_id for e in listed} == {str(first.pk)}
    # The coordinator sees the meeting, not its cases: no section, nothing read.
    client.force_login(circle.coordinator)
    page = client.get(url).content.decode()
    assert client.get(url).status_code == 200 and "cases-heading" not in page and "Vastgelopen" not in page
    assert listed.count() == 2


def test_the_overview_counts_cases_in_a_constant_number_of_queries(circle: Circle, meeting: Meeting) -> None:
    _case(circle.members[0], meeting)
    actions.withdraw_case(circle.members[1], _case(circle.members[1], meeting, title="Ingetrokken"))
    client = Client()
    client.force_login(circle.facilitator)
    url = reverse("meetings:overview")

    def cases_column() -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return re.findall(r"<td>(\d+|—)</td>\s*</tr>", page), len(queries)

    column, one_meeting = cases_column()
    assert column == ["1"]
    for days in (40, 50, 60):
        meeting_actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot(days))
    column, four_meetings = cases_column()
    assert column == ["1", "0", "0", "0"] and four_meetings == one_meeting
    # A coordinator sees the meetings of the groups they manage, never how many cases they have.
    client.force_login(circle.coordinator)
    assert cases_column()[0] == ["—"] * 4


def _digest(meeting: Meeting) -> list[str]:
    with time_machine.travel(meeting_actions.due_times(meeting)["digest"]):
        assert meeting_actions.send_scheduled(str(meeting.pk), "digest", meeting.starts_at.isoformat()) == "sent"
    return [m.body_text for m in OutboxMessage.objects.filter(kind="kring.case.digest")]


def test_the_digest_mail_carries_titles_and_a_link_not_the_case_text(circle: Circle, meeting: Meeting) -> None:
    _case(circle.members[0], meeting, situation="Moeder van cliënt belt 's nachts", question="Grens stellen?", wish="Herkenning")
    bodies = _digest(meeting)
    assert len(bodies) == len(circle.everyone)
    link = reverse("meetings:detail", args=[meeting.pk])
    for body in bodies:
        assert "Vastgelopen" in body and link in body
        assert "'s nachts" not in body and "Grens stellen" not in body and "Herkenning" not in body


def test_the_digest_carries_the_full_text_when_the_facilitator_opted_in(circle: Circle, meeting: Meeting) -> None:
    set_full_text_in_mail(circle.facilitator, circle.group, True)
    _case(circle.members[0], meeting, situation="Moeder van cliënt belt 's nachts", question="Grens stellen?")
    bodies = _digest(meeting)
    assert bodies and all("'s nachts" in b and "Grens stellen?" in b for b in bodies)
