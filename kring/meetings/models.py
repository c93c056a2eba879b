"""Meetings of a group, their series, the date polls that lead to them, the members'
replies and each person's calendar feed."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.fields import EncryptedTextField
from kring.core.models import Entity


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    MOVED = "moved", _("moved")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")


# Meetings still ahead of the group: invitations, case calls, digests and reminders apply.
ACTIVE_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.MOVED)


class MeetingSettings(Entity):
    """Per-group timing of the meeting mails and the agenda template (defaults from the seeds)."""

    group = models.OneToOneField("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="meeting_settings")
    call_days_before = models.PositiveSmallIntegerField(
        _("call for cases (days before)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    digest_days_before = models.PositiveSmallIntegerField(
        _("digest of cases (days before)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    agenda_template = models.TextField(_("agenda template"), blank=True)

    class Meta:
        verbose_name = _("meeting settings")
        verbose_name_plural = _("meeting settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_days_before__lt=models.F("call_days_before")), name="digest_after_call"
            ),
        ]


class MeetingSeries(Entity):
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="meeting_series")
    interval_weeks = models.PositiveSmallIntegerField(
        _("every … weeks"), validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    count = models.PositiveSmallIntegerField(_("number of meetings"), validators=[MinValueValidator(1), MaxValueValidator(52)])

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")


class Meeting(Entity):
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Planned breaks in minutes (net hours for registers exclude them).
    break_minutes = models.PositiveSmallIntegerField(_("planned breaks (minutes)"), default=15)
    location = models.CharField(_("location (address)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    # iCalendar SEQUENCE: raised on every change that attendees must see.
    sequence = models.PositiveIntegerField(default=0)
    # Who sent the invitation (iCalendar ORGANIZER when the group has no facilitator).
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the call for cases, the digest and the reminder for the current date went
    # out (cases are frozen from the digest on). A move clears them: the new date gets its
    # own mails. They make every scheduled mail go out once, however many tasks run.
    call_sent_at = models.DateTimeField(null=True, blank=True)
    digest_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # When the current date and time were set (planned, or last moved): the notice the
    # members got, from which the call, the digest (the cases' cut-off) and the reminder
    # are timed (see ``kring.meetings.queries.due_times``).
    dated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="meeting_starts_before_end"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class Reply(models.TextChoices):
    ATTENDING = "yes", _("attending")
    NOT_ATTENDING = "no", _("not attending")


class MeetingReply(Entity):
    """A person's own answer to an invitation (not the attendance record of the meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="replies")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_replies")
    answer = models.CharField(_("answer"), max_length=3, choices=Reply.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_reply_per_meeting_person")]


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only the SHA-256 of the token is stored, so a
    copy of the database does not open anyone's calendar; the person sees the address
    once, when it is made. Revoking deletes the row; a new one gets a new token."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"  # never the token (only its hash exists)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class PollStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class DatePoll(Entity):
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="date_polls")
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=160)
    note = models.TextField(_("note for the members"), blank=True)
    deadline = models.DateTimeField(_("answer before"))
    # False: only the organiser sees the answers until the poll is closed.
    results_public = models.BooleanField(_("members see the answers of others"), default=True)
    location = models.CharField(_("location (address)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    break_minutes = models.PositiveSmallIntegerField(_("planned breaks (minutes)"), default=15)
    status = models.CharField(_("status"), max_length=8, choices=PollStatus.choices, default=PollStatus.OPEN)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="poll")
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_rounds = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("date poll")
        verbose_name_plural = _("date polls")

    def __str__(self) -> str:
        return self.title


class PollOption(Entity):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="option_starts_before_end"),
            models.UniqueConstraint(fields=["poll", "starts_at", "ends_at"], name="one_option_per_slot"),
        ]


class Answer(models.TextChoices):
    YES = "yes", _("yes")
    MAYBE = "maybe", _("if need be")
    NO = "no", _("no")


class PollResponse(Entity):
    """One person's answers to a poll, with their comment. Visible only to the group's
    circle (comments can be personal: "I have therapy that day")."""

    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = EncryptedTextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        ordering = ["person__name"]
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="one_response_per_poll_person")]


class PollChoice(models.Model):
    response = models.ForeignKey(PollResponse, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")
    answer = models.CharField(max_length=5, choices=Answer.choices)
    # A remark about this one date ("only after 19:30"); the response has the general one.
    comment = EncryptedTextField(_("comment on this date"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "option"], name="one_choice_per_option")]

    def __str__(self) -> str:
        return self.answer
