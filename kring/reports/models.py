"""After the meeting: the report (verslag), attendance, register rules, evidence documents,
costs and anonymous evaluations."""
from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.core.fields import EncryptedTextField
from kring.core.models import Entity

# --- Report ---------------------------------------------------------------------------

class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")


class Report(Entity):
    """One report per meeting, drafted from the meeting record and kept after sending."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="report")
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("note-taker"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    summary = EncryptedTextField(_("meeting details"), blank=True)
    phases = EncryptedTextField(_("phases and notes"), blank=True)
    yields = EncryptedTextField(_("yields"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Raised on every edit: an edit form based on an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.meeting}"

    @property
    def is_sent(self) -> bool:
        return self.status == ReportStatus.SENT


class ReportCasePart(Entity):
    """The part of a report about one case: its bringer approves it before the report goes out."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="parts")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bringer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("case title"), max_length=160)
    question = EncryptedTextField(_("the question"), blank=True)
    advice = EncryptedTextField(_("advice"), blank=True)
    learning_points = EncryptedTextField(_("learning points"), blank=True)
    intended_action = EncryptedTextField(_("what the case bringer will do"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # When the bringer was last asked to approve: a reminder for an older request is dropped.
    approval_requested_at = models.DateTimeField(_("approval asked at"), null=True, blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = _("case part of a report")
        verbose_name_plural = _("case parts of reports")


# --- Attendance -----------------------------------------------------------------------

class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    PARTLY = "partly", _("partly present")
    EXCUSED = "excused", _("absent, excused")
    ABSENT = "absent", _("absent, not excused")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE_VIDEO = "online_video", _("online with video")
    ONLINE_NO_VIDEO = "online_no_video", _("online without video")


class AttendanceSheet(Entity):
    """What actually happened at a meeting, as the facilitator confirms it."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="attendance_sheet")
    started_at = models.DateTimeField(_("actual start"))
    ended_at = models.DateTimeField(_("actual end"))
    break_minutes = models.PositiveSmallIntegerField(_("actual breaks (minutes)"), default=0)
    topics = EncryptedTextField(_("topics"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("attendance sheet")
        verbose_name_plural = _("attendance sheets")
        constraints = [
            models.CheckConstraint(condition=models.Q(started_at__lt=models.F("ended_at")), name="sheet_start_before_end"),
        ]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Attendance(Entity):
    sheet = models.ForeignKey(AttendanceSheet, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT)
    mode = models.CharField(_("how"), max_length=16, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON)
    present_from = models.DateTimeField(_("present from"), null=True, blank=True)
    present_until = models.DateTimeField(_("present until"), null=True, blank=True)
    learning_goals = EncryptedTextField(_("my learning goals"), blank=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["sheet", "person"], name="one_attendance_per_sheet_person")]

    @property
    def attended(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.PARTLY)


# --- Register rules -------------------------------------------------------------------

class RegisterRule(Entity):
    """What one register counts as intervision. Empty means "the register sets no such rule"
    (or it is not known yet); ``sources`` says where each rule comes from."""

    register = models.OneToOneField("accounts.Register", on_delete=models.CASCADE, related_name="rule")
    cycle_years = models.PositiveSmallIntegerField(_("cycle length (years)"), null=True, blank=True,
                                                   validators=[MinValueValidator(1), MaxValueValidator(20)])
    required_hours = models.DecimalField(_("required hours or points per cycle"), max_digits=6, decimal_places=1,
                                         null=True, blank=True, validators=[MinValueValidator(Decimal("0"))])
    points_per_hour = models.DecimalField(_("points per net hour"), max_digits=4, decimal_places=2, default=Decimal("1"),
                                          validators=[MinValueValidator(Decimal("0"))])
    online_counts = models.BooleanField(_("online meetings count"), default=True)
    online_requires_video = models.BooleanField(_("online only with video for everyone"), default=False)
    min_meeting_minutes = models.PositiveSmallIntegerField(_("minimum meeting length (minutes)"), null=True, blank=True)
    min_participants = models.PositiveSmallIntegerField(_("minimum participants"), null=True, blank=True)
    max_participants = models.PositiveSmallIntegerField(_("maximum participants"), null=True, blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(_("minimum meetings per year"), null=True, blank=True)
    supervisor_signature_required = models.BooleanField(_("a registered supervisor must sign"), default=False)
    lists_co_participants = models.BooleanField(_("evidence lists co-participants"), default=False)
    notes = models.TextField(pgettext_lazy("register rule", "notes"), blank=True)  # not the notes of a meeting
    sources = models.JSONField(_("sources per rule"), default=dict, blank=True)

    class Meta:
        ordering = ["register__code"]
        verbose_name = _("register rule")
        verbose_name_plural = _("register rules")

    def __str__(self) -> str:
        return str(self.register)


class RegistrationCycle(Entity):
    """Where a person's current re-registration cycle started (the register tells them)."""

    registration = models.OneToOneField("accounts.Registration", on_delete=models.CASCADE, related_name="cycle")
    starts_on = models.DateField(_("current cycle started on"))


# --- Evidence -------------------------------------------------------------------------

class EvidenceKind(models.TextChoices):
    CERTIFICATE = "certificate", _("attendance certificate")
    ATTENDANCE_LIST = "attendance_list", _("attendance list")
    REFLECTION = "reflection", _("reflection statement")
    COST_STATEMENT = "cost_statement", _("cost statement")


class Evidence(Entity):
    """One issued PDF, kept as issued, with the code a reader can check on Kring's public page."""

    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    group = models.ForeignKey("groups.IntervisionGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    register = models.ForeignKey("accounts.Register", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(max_length=200)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_registration = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")

    def __str__(self) -> str:
        return self.title


# --- Costs ----------------------------------------------------------------------------

class FeeBasis(models.TextChoices):
    PER_MEETING = "meeting", _("per meeting")
    PER_TRACK = "track", _("per track")


class Payer(models.TextChoices):
    MEMBERS = "members", _("the members")
    ORGANISATION = "organisation", _("the organisation")


class GroupFee(Entity):
    group = models.OneToOneField("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="fee")
    basis = models.CharField(_("fee"), max_length=8, choices=FeeBasis.choices, default=FeeBasis.PER_MEETING)
    amount = models.DecimalField(_("amount (€)"), max_digits=9, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))])
    vat_included = models.BooleanField(_("amount includes VAT"), default=True)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=1, default=Decimal("21"),
                                   validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    payer = models.CharField(_("paid by"), max_length=12, choices=Payer.choices, default=Payer.MEMBERS)
    track_starts_on = models.DateField(_("track starts on"), null=True, blank=True)

    class Meta:
        verbose_name = _("group fee")
        verbose_name_plural = _("group fees")


# --- Evaluation -----------------------------------------------------------------------

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class EvaluationAnswer(models.Model):
    """One anonymous answer. Deliberately no person and no timestamps (a time could be matched
    to the marker below). ``owner_tag`` is a keyed hash of person and meeting: only Kring,
    asked by that person, can find it again to show them their own outcomes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="evaluation_answers")
    owner_tag = models.CharField(max_length=64, unique=True)
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), validators=SCALE)
    safety = models.PositiveSmallIntegerField(_("safety"), validators=SCALE)
    collaboration = models.PositiveSmallIntegerField(_("collaboration"), validators=SCALE)
    problem_solving = models.PositiveSmallIntegerField(_("problem solving"), validators=SCALE)
    confidence = models.PositiveSmallIntegerField(_("confidence"), validators=SCALE)
    self_awareness = models.PositiveSmallIntegerField(_("self-awareness"), validators=SCALE)
    comment = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        ordering = ["owner_tag"]  # a random order: never the order people answered in

    def __str__(self) -> str:
        return f"evaluation {self.pk}"  # nothing that leads to who gave it


class EvaluationMarker(models.Model):
    """"This person has answered for this meeting" – prevents a second answer, says nothing
    about which answer was theirs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_evaluation_per_meeting_person")]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id} evaluated by {self.person_id}"
