from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kring.audit.models import AccessEntry, AuditEntry
from kring.cases import actions
from kring.cases.models import CaseStatus
from kring.core.errors import Refused
from kring.meetings import actions as meeting_actions
from kring.meetings.tests.conftest import circle, slot  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(circle: Any) -> Any:  # noqa: F811
    return meeting_actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot())


def _case(person: Any, meeting: Any, **extra: Any) -> Any:
    fields = {"title": "Vastgelopen", "situation": "Een moeder zegt steeds af.", "question": "Hoe nu verder?", **extra}
    return actions.submit_case(person, meeting, **fields)


def test_only_the_circle_sees_a_case_and_every_read_is_logged(circle: Any, meeting: Any) -> None:  # noqa: F811
    case = _case(circle.members[0], meeting)
    url = reverse("cases:detail", args=[case.pk])
    for person, status in [(circle.members[1], 200), (circle.facilitator, 200), (circle.coordinator, 404),
                           (circle.outsider, 404)]:
        client = Client()
        client.force_login(person)
        assert client.get(url).status_code == status
    reads = AccessEntry.objects.filter(event="kring.case.read", object_id=str(case.pk))
    assert sorted(r.reader_id for r in reads) == sorted([circle.members[1].pk, circle.facilitator.pk])
    assert {r.subject_id for r in reads} == {circle.members[0].pk}
    staff = Client()
    staff.force_login(circle.coordinator)
    circle.coordinator.is_staff = True
    circle.coordinator.save()
    assert staff.get(url).status_code == 404
    # No case content in the audit trail.
    assert "Vastgelopen" not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def test_the_author_edits_and_withdraws_until_the_digest(circle: Any, meeting: Any) -> None:  # noqa: F811
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


def test_bad_input_gets_a_clear_message(circle: Any, meeting: Any) -> None:  # noqa: F811
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
