"""Meetings of a group. (The meetings area extends this: series, polls, invitations.)"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.core.models import Entity


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    MOVED = "moved", _("moved")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")


class Meeting(Entity):
    group = models.ForeignKey("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Planned breaks in minutes (net hours for registers exclude them).
    break_minutes = models.PositiveSmallIntegerField(_("planned breaks (minutes)"), default=15)
    location = models.CharField(_("location (address)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    # iCalendar SEQUENCE: raised on every change that attendees must see.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_at__lt=models.F("ends_at")), name="meeting_starts_before_end"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"
