"""Mail the groups area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_people
from kring.mail.actions import queue_mail


def welcome(group: IntervisionGroup, person: User, role: str) -> None:
    queue_mail(
        "kring.group.welcome", person, "groups/welcome",
        {"group_name": group.name, "group_id": str(group.pk), "role": role},
    )


def mail_policy_changed(group: IntervisionGroup, actor: User) -> None:
    """Tell everyone in the circle (the facilitator too) what mail about the group now carries."""
    for person in circle_people(group):
        queue_mail(
            "kring.group.mail_policy", person, "groups/mail_policy",
            {"group_name": group.name, "group_id": str(group.pk), "full_text": group.full_text_in_mail,
             "changed_by": actor.name},
        )
