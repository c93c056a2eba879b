"""The meetings area's circle (a group with a facilitator and three members) and one
meeting planned for it."""
from __future__ import annotations

import pytest

from kring.meetings import actions as meeting_actions
from kring.meetings.models import Meeting
from kring.meetings.tests.conftest import Circle, circle, slot

__all__ = ["circle", "meeting"]  # fixtures


@pytest.fixture
def meeting(circle: Circle) -> Meeting:
    return meeting_actions.create_meeting(circle.facilitator, circle.group, location="Utrecht", **slot())
