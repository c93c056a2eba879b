"""How the meetings area reacts to other areas (connected in MeetingsConfig.ready)."""
from __future__ import annotations

from typing import Any

from kring.groups.models import IntervisionGroup
from kring.meetings import notifications


def invite_newcomer(sender: Any, *, group: IntervisionGroup, **kwargs: Any) -> None:
    """Someone who joins after meetings were planned gets their invitations too; the
    others' invitations are deduplicated, so they get nothing twice."""
    notifications.invite_to_upcoming(group)
