"""The running meeting. All state lives here, in the database, so a server restart
resumes exactly where the group was: the agenda (blocks), the clock of the current block,
roles, votes, the chosen cases and everything people wrote.

Time is data: a running block has ``block_started_at`` + planned minutes + extensions;
pauses add to ``block_paused_seconds``; clients count down from that."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.core.fields import EncryptedTextField
from kring.core.models import Entity
from kring.groups.models import IntervisionGroup
from kring.methods.models import Collects, Speaker, Translatable


class Mode(models.TextChoices):
    LIVE = "live", _("live, in one sitting")
    WRITTEN = "written", _("written, over several days")


class SessionStatus(models.TextChoices):
    PREPARED = "prepared", _("being prepared")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")


class LiveSession(Entity):
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="live")
    method = models.ForeignKey("methods.Method", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.LIVE)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PREPARED)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("chair"))
    note_taker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("note-taker"))
    timekeeper = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("timekeeper"))
    # The facilitator keeps the chair's controls (as co-chair) until they hand them over.
    controls_handed_over = models.BooleanField(default=False)
    case_count = models.PositiveSmallIntegerField(
        _("cases to treat"), default=1, validators=[MinValueValidator(1), MaxValueValidator(2)])
    votes_per_member = models.PositiveSmallIntegerField(
        _("votes per member"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)])
    hide_results = models.BooleanField(_("hide the result until the vote is closed"), default=True)
    vote_closed = models.BooleanField(default=False)
    # Cases tied for the last place(s) after closing: the chair decides among them.
    tied_case_ids = models.JSONField(default=list, blank=True)

    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    current_block = models.ForeignKey("Block", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    block_started_at = models.DateTimeField(null=True, blank=True)
    block_extra_seconds = models.IntegerField(default=0)
    block_paused_seconds = models.PositiveIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    # Sum of every pause taken (timer pauses and pause blocks): net time excludes it.
    pause_seconds = models.PositiveIntegerField(default=0)
    # Raised on every change clients must see; they refetch what they show when it moves.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("live meeting")
        verbose_name_plural = _("live meetings")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def group(self) -> IntervisionGroup:
        return self.meeting.group

    def block_ends_at(self) -> datetime | None:
        block = self.current_block
        if block is None or self.block_started_at is None:
            return None
        return self.block_started_at + timedelta(
            seconds=block.minutes * 60 + self.block_extra_seconds + self.block_paused_seconds)

    def remaining_seconds(self, now: datetime | None = None) -> int | None:
        ends = self.block_ends_at()
        if ends is None:
            return None
        at = self.paused_at or now or timezone.now()
        return int((ends - at).total_seconds())


class BlockKind(models.TextChoices):
    CHECKIN = "checkin", _("Check-in round")
    AGREEMENTS = "agreements", _("Safety agreements")
    LOOKBACK = "lookback", _("Look-back")
    VOTE = "vote", _("Case vote")
    PHASE = "phase", _("Method phase")
    PAUSE = "pause", _("Break")
    YIELDS = "yields", _("Yields round")
    WRAPUP = "wrapup", _("Wrap-up")
    COOLDOWN = "cooldown", _("Cooling-down")
    CUSTOM = "custom", _("Own block")


class Block(Translatable, Entity):
    """One step of the agenda. Method phases are copied in (not linked), so editing a
    method later never changes what a meeting did. A phase's texts come with their
    translations, so everyone reads the block in their own language; the standard blocks
    have no stored texts and are translated when shown."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=BlockKind.choices, default=BlockKind.CUSTOM)
    case_slot = models.PositiveSmallIntegerField(default=0)  # 1 or 2 for method phases
    title = models.CharField(_("title"), max_length=160, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    chair_instructions = models.TextField(_("instructions for the chair"), blank=True)
    prompts = models.TextField(_("prompts for participants"), blank=True)
    speaker = models.CharField(max_length=10, choices=Speaker.choices, default=Speaker.GROUP)
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(240)])
    bringer_outside = models.BooleanField(default=False)
    collects = models.CharField(max_length=10, choices=Collects.choices, default=Collects.NOTES)
    skipped = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Written mode: the phase opens at ``opens_at`` and closes at ``deadline``.
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)

    class Meta:
        ordering = ["session", "order"]

    def __str__(self) -> str:
        return self.display_title()

    def display_title(self) -> str:
        return self.text("title") if self.title else str(BlockKind(self.kind).label)


class GroupAgreements(Entity):
    """A group's standing safety agreements, shown and confirmed at every meeting."""

    group = models.OneToOneField("groups.IntervisionGroup", on_delete=models.CASCADE, related_name="agreements")
    text = EncryptedTextField(_("agreements"), max_length=5000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")


class AgreementConfirmation(Entity):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="confirmations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="live_one_confirmation")]


class Presence(Entity):
    """Who joined the live meeting. ``connections`` counts open sockets; ``last_seen``
    (kept fresh by the client's heartbeat) guards against counts left by a crash."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="presences")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connections = models.IntegerField(default=0)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="live_one_presence")]

    def online(self, now: datetime | None = None) -> bool:
        return self.connections > 0 and self.last_seen > (now or timezone.now()) - timedelta(seconds=90)


class Vote(Entity):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "voter", "case"], name="live_one_vote_per_case")]


class Withdrawal(Entity):
    """The case bringer took their case off the table for this meeting."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="withdrawals")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "case"], name="live_one_withdrawal")]


class ChosenCase(Entity):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="chosen")
    slot = models.PositiveSmallIntegerField(default=1)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    bringer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = EncryptedTextField(_("question"))
    intended_action = EncryptedTextField(_("what I will do"), blank=True, max_length=4000)

    class Meta:
        ordering = ["slot"]
        constraints = [
            models.UniqueConstraint(fields=["session", "slot"], name="live_one_case_per_slot"),
            models.UniqueConstraint(fields=["session", "case"], name="live_case_chosen_once"),
        ]


class Contribution(models.TextChoices):
    NOTE = "note", _("note")
    ADVICE = "advice", _("advice")
    LEARNING = "learning", _("learning point")


class Entry(Entity):
    """Something written during a block: a note (note-taker; anyone in written mode), an
    advice item (members) or a learning point (the case bringer)."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="entries")
    block = models.ForeignKey(Block, null=True, on_delete=models.SET_NULL, related_name="entries")
    chosen = models.ForeignKey(ChosenCase, null=True, blank=True, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Contribution.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(max_length=4000)

    class Meta:
        ordering = ["created_at"]


class YieldEntry(Entity):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="yields")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("my yield"), max_length=4000)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="live_one_yield")]
