"""Intervision groups and their members. Named IntervisionGroup to stay clear of
django.contrib.auth.models.Group."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.core.models import Entity


class Composition(models.TextChoices):
    MULTIDISCIPLINARY = "multi", _("multidisciplinary")
    MONODISCIPLINARY = "mono", _("monodisciplinary")


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("forming")
    ACTIVE = "active", _("active")
    CLOSED = "closed", pgettext_lazy("group status", "closed")  # a closed poll or offer is "gesloten"


class IntervisionGroup(Entity):
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="groups",
    )
    name = models.CharField(_("name"), max_length=160)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Size is a per-group rule, facilitator excluded (seeds: 4–8, 6–8, 4–6, 8–10).
    min_size = models.PositiveSmallIntegerField(
        _("minimum size"), default=4, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximum size"), default=8, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    composition = models.CharField(
        _("composition"), max_length=8, choices=Composition.choices, default=Composition.MULTIDISCIPLINARY
    )
    discipline = models.CharField(_("discipline"), max_length=120, blank=True)
    clients_allowed = models.BooleanField(_("clients may join"), default=False)
    min_experience_years = models.DecimalField(
        _("minimum years of experience"), max_digits=4, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    chair_rotates = models.BooleanField(_("chair rotates among members"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.FORMING)
    # Off: mail about cases and reports carries titles, times and a link, never the text.
    # Only the facilitator turns it on (kring.groups.actions.set_full_text_in_mail); members are told.
    full_text_in_mail = models.BooleanField(_("full text of cases and reports in mail"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervision group")
        verbose_name_plural = _("intervision groups")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_size__lte=models.F("max_size")), name="group_min_le_max"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    MEMBER = "member", _("member")
    FACILITATOR = "facilitator", _("facilitator")


class GroupMembership(Entity):
    group = models.ForeignKey(IntervisionGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        ordering = ["role", "person__name"]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="one_membership_per_group_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
