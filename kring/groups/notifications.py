"""Mail the groups area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.mail.actions import queue_mail


def welcome(group: IntervisionGroup, person: User, role: str) -> None:
    queue_mail(
        "kring.group.welcome", person, "groups/welcome",
        {"group_name": group.name, "group_id": str(group.pk), "role": role},
    )
