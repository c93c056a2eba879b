"""People: the user (login by e-mail) with their profile, professional registers and
registrations, and the relations that must keep two people out of one group."""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TypeAlias

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kring.core.models import Entity

MAX_EXPERIENCE_YEARS = Decimal("60")


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


# The one inactive account that stands in for every erased person where a row must keep a
# person (kring/privacy/erasure.py): evidence issued, notes written in others' meetings.
ERASED_EMAIL = "erased@kring.invalid"


class Role(models.TextChoices):
    # A context: allauth's "client" (an OAuth client, left "client") would win otherwise.
    PROFESSIONAL = "professional", pgettext_lazy("takes part as", "professional")
    CLIENT = "client", pgettext_lazy("takes part as", "client")


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    role = models.CharField(
        _("takes part as"), max_length=16, choices=Role.choices, default=Role.PROFESSIONAL
    )
    discipline = models.CharField(_("discipline"), max_length=120, blank=True)
    # The same bounds as an application's (kring.formation): no negative years, no typo of 600.
    experience_years = models.DecimalField(
        _("years of experience"), max_digits=4, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_EXPERIENCE_YEARS)],
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The one login a person who must use two-factor login may make without it, to set it up.
    mfa_grace_used_at = models.DateTimeField(_("login without two-factor used"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_erased(self) -> bool:
        """The stand-in for people erased on request (shown without a name)."""
        return self.email == ERASED_EMAIL


class Register(Entity):
    """A professional register (SKJ, NIP, LVSC …). Rows, not an enum: registers change."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # A registration here makes someone a recognised supervisor who may sign reflection
    # statements (LVSC, VGCT, NIP, NVO, NVRG for SKJ).
    recognised_supervisor = models.BooleanField(_("recognised supervisor register"), default=False)
    url = models.URLField(_("web site"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")

    def __str__(self) -> str:
        return self.name


class Registration(Entity):
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="registrations")
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="registrations")
    number = models.CharField(_("registration number"), max_length=64)
    # A registration with a recognised supervisor register lets its holder sign reflection
    # statements: it counts only once Kring staff have checked it in the register.
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["register__code"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["person", "register"], name="one_registration_per_register"),
        ]

    def __str__(self) -> str:
        return f"{self.register.code} {self.number}"

    @property
    def awaits_verification(self) -> bool:
        return self.register.recognised_supervisor and self.verified_at is None


class RelationKind(models.TextChoices):
    THERAPEUTIC = "therapeutic", _("current therapeutic relationship")
    AUTHORITY = "authority", _("authority relation (manager, supervisor)")


class Relation(Entity):
    """A relation one person declares with another. Its kind is known only to the person
    who declared it; everyone else at most learns that two people cannot share a group."""

    declared_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="declared_relations")
    other = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["declared_by", "other"], name="one_relation_per_pair"),
            models.CheckConstraint(condition=~models.Q(declared_by=models.F("other")), name="no_self_relation"),
        ]


# Whoever makes a request: a signed-in person or an anonymous visitor.
Person: TypeAlias = "User | AnonymousUser"
