"""Group offers, applications, facilitator capacity and formation runs.

An offer carries the rules for the groups it will become (rules are data); applicants
apply on the web or a coordinator imports them from CSV; a formation run proposes groups
that a coordinator adjusts and publishes as IntervisionGroups."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.core.fields import EncryptedTextField
from kring.core.models import Entity
from kring.formation import slots as slot_names

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Attributes an offer may spread (diversity) or keep the same within a group.
ATTRIBUTES = ("municipality", "team", "organisation", "discipline")
ATTRIBUTE_LABELS = {
    "municipality": _("municipality"),
    "team": _("team"),
    "organisation": _("organisation"),
    "discipline": _("discipline"),
}
SLOT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"


def _weight_field(label: StrOrPromise) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=4, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
    )


class Offer(Entity):
    """A call for applications that will be formed into one or more groups."""

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    min_size = models.PositiveSmallIntegerField(
        _("minimum group size"), default=6, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximum group size"), default=8, validators=[MinValueValidator(2), MaxValueValidator(30)]
    )
    min_experience_years = models.DecimalField(
        _("minimum years of experience"), max_digits=4, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    clients_allowed = models.BooleanField(_("clients may apply"), default=False)
    max_clients_per_group = models.PositiveSmallIntegerField(
        _("at most this many clients per group"), default=0, validators=[MaxValueValidator(30)]
    )
    outside_own_team = models.BooleanField(_("groups outside your own team"), default=False)
    common_slot = models.BooleanField(_("everyone in a group shares a time slot"), default=True)
    spread_municipality = _weight_field(_("weight: mix municipalities"))
    spread_team = _weight_field(_("weight: mix teams"))
    spread_organisation = _weight_field(_("weight: mix organisations"))
    spread_discipline = _weight_field(_("weight: mix disciplines"))
    # Attributes that must be equal within a group, e.g. ["discipline"] for monodisciplinary.
    same_attributes = models.JSONField(_("the same within a group"), default=list, blank=True)
    # Slot codes such as "mon-am"; applicants tick the ones they can make. The solver and
    # the CSV import only ever see the codes; people see the labels (slot_label).
    slots = models.JSONField(_("time slots"), default=list, blank=True)
    # {code: label} for codes the coordinator named, e.g. {"di-laat": "dinsdag 19–21 uur"};
    # well-known codes ("mon-am", "ma-ochtend") have a translated label without this.
    slot_labels = models.JSONField(_("names of the time slots"), default=dict, blank=True)
    is_open = models.BooleanField(_("open for applications"), default=False)
    intake_possible = models.BooleanField(_("intake conversation possible"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("group offer")
        verbose_name_plural = _("group offers")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_size__lte=models.F("max_size")), name="offer_min_le_max"),
        ]

    def __str__(self) -> str:
        return self.title

    def spread(self) -> dict[str, float]:
        weights = {attr: float(getattr(self, f"spread_{attr}")) for attr in ATTRIBUTES}
        return {attr: w for attr, w in weights.items() if w > 0}

    def slot_label(self, code: str) -> str:
        return slot_names.slot_label(code, self.slot_labels)

    def labelled_slots(self) -> list[tuple[str, str]]:
        return [(code, self.slot_label(code)) for code in self.slots]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    WAITING = "waiting", _("on the waiting list")
    DECLINED = "declined", _("declined")
    PLACED = "placed", _("placed in a group")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ApplicantRole(models.TextChoices):
    PROFESSIONAL = "professional", pgettext_lazy("takes part as", "professional")
    CLIENT = "client", pgettext_lazy("takes part as", "client")


class Source(models.TextChoices):
    WEB = "web", _("applied in Kring")
    CSV = "csv", _("imported from CSV")


class Application(Entity):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="applications")
    # Imported applicants may not (yet) have a Kring account.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="applications"
    )
    external_id = models.CharField(_("id in the import"), max_length=64, blank=True)
    # For an imported applicant without an account: where the invitation goes when the
    # groups are published (publishing creates the account).
    email = models.EmailField(_("e-mail address"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("takes part as"), max_length=16, choices=ApplicantRole.choices, default=ApplicantRole.PROFESSIONAL)
    discipline = models.CharField(_("discipline"), max_length=120, blank=True)
    team = models.CharField(_("team"), max_length=120, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    experience_years = models.DecimalField(
        _("years of experience"), max_digits=4, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    availability = models.JSONField(_("available time slots"), default=list, blank=True)
    motivation = EncryptedTextField(_("motivation"), blank=True)
    intake_requested = models.BooleanField(_("would like an intake conversation"), default=False)
    # E-mail addresses of people (not, or not yet, in Kring) to keep out of one's group.
    keep_apart_emails = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    group = models.ForeignKey(
        "groups.IntervisionGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "person"], condition=models.Q(person__isnull=False), name="one_application_per_person"
            ),
            models.UniqueConstraint(
                fields=["offer", "external_id"], condition=~models.Q(external_id=""), name="one_application_per_import_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def solver_id(self) -> str:
        return str(self.pk)


class FacilitatorCapacity(Entity):
    """How many groups a year a facilitator takes on for an organisation, and when they
    can meet (what is still free this year: ``kring.formation.capacity``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="facilitator_capacities"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_capacities")
    groups_per_year = models.PositiveSmallIntegerField(
        _("groups per year"), default=2, validators=[MaxValueValidator(50)]
    )
    availability = models.JSONField(_("available time slots"), default=list, blank=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("facilitator capacity")
        verbose_name_plural = _("facilitator capacities")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_capacity_per_org_facilitator"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.groups_per_year})"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("forming groups")
    DONE = "done", _("proposal ready")
    FAILED = "failed", _("failed")
    PUBLISHED = "published", _("published")
    # Publishing is background work (run_actions.request_publish): queued or creating groups,
    # or stopped part-way (some groups exist; the coordinator continues it).
    PUBLISHING = "publishing", _("publishing the groups")
    STOPPED = "stopped", _("publishing stopped")


class FormationRun(Entity):
    """One run of the solver for an offer, and the proposal it produced. The proposal is
    kept as data (``groups``) so the coordinator can adjust it before publishing."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, validators=[MaxValueValidator(100)])
    seconds = models.PositiveSmallIntegerField(_("time limit in seconds"), default=10)
    seed = models.PositiveIntegerField(default=0)
    # Exactly this many groups, when the coordinator asked for it; otherwise the solver chooses.
    num_groups = models.PositiveSmallIntegerField(
        _("number of groups"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    application_ids = models.JSONField(default=list)
    capacity_ids = models.JSONField(default=list)
    # [{"members": [application id, …], "facilitator": capacity id, "slot": code, "score": float}]
    groups = models.JSONField(default=list, blank=True)
    # [{"id": application id, "reason": code, "message": solver text}]
    unplaced = models.JSONField(default=list, blank=True)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Group ids in the order created; while publishing, its length is the progress.
    published_groups = models.JSONField(default=list, blank=True)
    publish_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    publish_without_unreachable = models.BooleanField(default=False)
    publish_total = models.PositiveIntegerField(default=0)
    # Frozen when the task starts: {"groups": [proposal groups to create], "left_out": [application ids]}.
    publish_plan = models.JSONField(default=dict, blank=True)
    # Why the last attempt to publish stopped, in the words of the coordinator's language.
    publish_errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("formation run")
        verbose_name_plural = _("formation runs")

    def __str__(self) -> str:
        return f"{self.offer} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def gap(self) -> float | None:
        """Relative distance to the proven bound (0 = proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.PUBLISHED, RunStatus.STOPPED)

    @property
    def publish_done(self) -> int:
        """How many groups publishing has created so far."""
        return len(self.published_groups)

    @property
    def publish_percent(self) -> int:
        return round(100 * self.publish_done / self.publish_total) if self.publish_total else 0
