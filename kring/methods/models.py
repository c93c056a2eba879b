"""Methods (werkvormen) as data: a method is an ordered list of phases. Built-in methods
come from the catalogue files in ``data/`` (keyed and versioned); facilitators copy one
and adapt the copy for their own group.

Texts are stored in the method's own language (Dutch for the catalogue) with optional
translations per language in ``translations`` ({"en": {"name": ...}}); ``text()`` picks
the active language and falls back to the stored text."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kring.core.models import Entity


class Translatable(models.Model):
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def text(self, field: str) -> str:
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        translated = (self.translations or {}).get(language, {}).get(field)
        return str(translated) if translated else str(getattr(self, field))

    def lines(self, field: str) -> list[str]:
        """A text of one item per line (prompts), in the active language, without blank lines."""
        return [line.strip() for line in self.text(field).splitlines() if line.strip()]

    def drop_translation(self, field: str) -> None:
        """An edited text makes its old translations wrong: forget them."""
        for texts in (self.translations or {}).values():
            texts.pop(field, None)


class Method(Translatable, Entity):
    # Built-in methods have a key and a version; a group's own copy has neither.
    key = models.SlugField(max_length=80, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=1)
    group = models.ForeignKey(
        "groups.IntervisionGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="methods"
    )
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    name = models.CharField(_("name"), max_length=160)
    summary = models.TextField(_("short description"))
    when_to_use = models.TextField(_("when to use it"), blank=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)])
    max_group_size = models.PositiveSmallIntegerField(
        _("largest group"), default=10, validators=[MinValueValidator(1), MaxValueValidator(30)])
    min_minutes = models.PositiveSmallIntegerField(
        _("shortest duration (minutes)"), default=45, validators=[MinValueValidator(5), MaxValueValidator(600)])
    max_minutes = models.PositiveSmallIntegerField(
        _("longest duration (minutes)"), default=90, validators=[MinValueValidator(5), MaxValueValidator(600)])

    class Meta:
        ordering = ["group_id", "name"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")

    def __str__(self) -> str:
        return self.text("name")

    @property
    def builtin(self) -> bool:
        return self.group_id is None

    def total_minutes(self) -> int:
        return sum(p.minutes for p in self.phases.all())


class Speaker(models.TextChoices):
    BRINGER = "bringer", _("the case bringer")
    GROUP = "group", _("the group")
    ROUND = "round", _("everyone in turn")
    CHAIR = "chair", _("the chair")


class Collects(models.TextChoices):
    """What the live meeting asks people to write down during this phase."""

    NOTES = "notes", _("notes")
    ADVICE = "advice", _("advice from members")
    LEARNING = "learning", _("learning points of the case bringer")
    YIELDS = "yields", _("everyone's yield")


class Phase(Translatable, Entity):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=160)
    purpose = models.TextField(_("purpose"), blank=True)
    chair_instructions = models.TextField(_("instructions for the chair"), blank=True)
    # One prompt per line, shown to the participants.
    prompts = models.TextField(_("prompts for participants"), blank=True)
    speaker = models.CharField(_("who speaks"), max_length=10, choices=Speaker.choices, default=Speaker.GROUP)
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(240)])
    bringer_outside = models.BooleanField(_("case bringer sits outside the circle"), default=False)
    collects = models.CharField(_("what is written down"), max_length=10, choices=Collects.choices,
                                default=Collects.NOTES)

    class Meta:
        ordering = ["method", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.text("title")
