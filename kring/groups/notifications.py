"""Mail the groups area sends. Called inside the action's transaction (outbox rows)."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_people
from kring.mail.actions import queue_mail
from kring.organisations.models import OrgInvitation, OrgRole


def welcome(group: IntervisionGroup, person: User, role: str) -> None:
    queue_mail(
        "kring.group.welcome", person, "groups/welcome",
        {"group_name": group.name, "group_id": str(group.pk), "role": role},
    )


@dataclass(frozen=True)
class Address:
    """An invited address without an account (the mail still needs a language)."""

    email: str
    language: str = settings.LANGUAGE_CODE
    pk: None = None


def org_invitation(invitation: OrgInvitation, token: str, account: User | None) -> None:
    # An address that has an account is written to in that person's language; the
    # inviter never learns which of the two it was.
    recipient: User | Address = account or Address(invitation.email)
    queue_mail(
        "kring.organisations.invitation", recipient, "organisations/invitation",
        {"org_name": invitation.organisation.name, "role": OrgRole(invitation.role).label,
         "inviter": invitation.invited_by.name if invitation.invited_by else "",
         "path": reverse("organisations:invitation", args=[token]), "expires_at": invitation.expires_at},
        about=invitation,
    )


def mail_policy_changed(group: IntervisionGroup, actor: User) -> None:
    """Tell everyone in the circle (the facilitator too) what mail about the group now carries."""
    for person in circle_people(group):
        queue_mail(
            "kring.group.mail_policy", person, "groups/mail_policy",
            {"group_name": group.name, "group_id": str(group.pk), "full_text": group.full_text_in_mail,
             "changed_by": actor.name},
        )
