"""Organisations (training institutes, care providers, municipal knowledge centres,
independent practices) and the roles people hold in them."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.models import Entity


class OrganisationKind(models.TextChoices):
    TRAINING_INSTITUTE = "training_institute", _("training institute")
    CARE_PROVIDER = "care_provider", _("care provider")
    KNOWLEDGE_CENTRE = "knowledge_centre", _("municipal knowledge centre")
    INDEPENDENT_PRACTICE = "independent_practice", _("independent practice")


class Organisation(Entity):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    city = models.CharField(_("city"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrgRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    FACILITATOR = "facilitator", _("facilitator")
    MEMBER = "member", _("member")
    # Reads the access log of the organisation's groups (NEN 7513); sees no cases.
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")


class OrgMembership(Entity):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_memberships")
    role = models.CharField(_("role"), max_length=16, choices=OrgRole.choices, default=OrgRole.MEMBER)
    team = models.CharField(_("team"), max_length=120, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person", "role"], name="one_role_per_org_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.organisation}"


class OrgInvitation(Entity):
    """An invitation by e-mail to take a role in an organisation. Only the SHA-256 of the
    link's token is stored: a copy of the database does not let anyone accept it. It can
    be used once and expires."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=OrgRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.organisation}"


def hash_token(token: str) -> str:
    """What is stored of an invitation link's token, and what a link is looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()
