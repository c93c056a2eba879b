from __future__ import annotations

import pytest

from kring.cases import demo as case_demo
from kring.cases.models import Case
from kring.mail.models import OutboxMessage
from kring.meetings import demo as meeting_demo
from kring.meetings.models import DatePoll, Meeting, PollResponse
from kring.site.demo import load_core

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Meeting, DatePoll, PollResponse, Case, OutboxMessage))


def test_demo_is_idempotent() -> None:
    for _ in range(2):
        demo = load_core()
        meeting_demo.load(demo)
        case_demo.load(demo)
        if _ == 0:
            first = _counts()
    assert _counts() == first
    assert first[:4] == (4, 1, 3, 1)
