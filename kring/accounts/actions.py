"""The one write path for people: profile, registrations, relations."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts import events, notifications
from kring.accounts.models import Register, Registration, Relation, RelationKind, User
from kring.audit.actions import audit
from kring.core.errors import Refused

PROFILE_FIELDS = ("name", "language", "role", "discipline", "experience_years")


@transaction.atomic
def update_profile(actor: User, **fields: object) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    if "name" in fields and not str(fields["name"]).strip():
        raise Refused(_("Your name cannot be empty."))
    changed = sorted(k for k, v in fields.items() if getattr(actor, k) != v)
    for key in changed:
        setattr(actor, key, fields[key])
    actor.full_clean(exclude=["password"])
    actor.save()
    audit(events.PROFILE_UPDATED, actor, actor, fields=changed)
    return actor


@transaction.atomic
def add_registration(actor: User, register: Register, number: str) -> Registration:
    number = number.strip()
    if not number:
        raise Refused(_("Fill in your registration number."))
    if Registration.objects.filter(person=actor, register=register).exists():
        raise Refused(_("You already have a registration with %(register)s.") % {"register": register.name})
    registration = Registration.objects.create(person=actor, register=register, number=number[:64])
    audit(events.REGISTRATION_ADDED, actor, registration, register=register.code)
    return registration


@transaction.atomic
def remove_registration(actor: User, registration: Registration) -> None:
    if registration.person_id != actor.pk:
        raise Refused(_("This is not your registration."))
    code = registration.register.code
    registration.delete()
    audit(events.REGISTRATION_REMOVED, actor, actor, register=code)


@transaction.atomic
def declare_relation(actor: User, other: User, kind: str) -> Relation:
    if other.pk == actor.pk:
        raise Refused(_("You cannot declare a relation with yourself."))
    if kind not in RelationKind.values:
        raise Refused(_("Choose a kind of relation."))
    try:
        with transaction.atomic():
            relation = Relation.objects.create(declared_by=actor, other=other, kind=kind)
    except IntegrityError:
        raise Refused(_("You have already declared a relation with this person.")) from None
    # The audit entry names the pair but not the kind: even the audit trail does not say
    # who is whose therapist or manager.
    audit(events.RELATION_DECLARED, actor, relation)
    return relation


@transaction.atomic
def withdraw_relation(actor: User, relation: Relation) -> None:
    if relation.declared_by_id != actor.pk:
        raise Refused(_("Only the person who declared a relation can withdraw it."))
    pk = str(relation.pk)
    relation.delete()
    audit(events.RELATION_WITHDRAWN, actor, None, relation=pk)


INVITE_PROFILE_FIELDS = ("language", "role", "discipline", "experience_years")


@transaction.atomic
def invite_person(actor: User, email: str, name: str, **profile: object) -> User:
    """Create an account for someone who is not in Kring yet (for example an applicant a
    coordinator imported) and send them an invitation, through the outbox, with a link to
    choose their password. The account has no usable password until they do."""
    unknown = set(profile) - set(INVITE_PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(_("“%(email)s” is not an e-mail address.") % {"email": email[:100]}) from None
    name = (name or "").strip()
    if not name:
        raise Refused(_("A new person needs a name."))
    if User.objects.filter(email__iexact=email).exists():
        raise Refused(_("Someone with the e-mail address %(email)s is already in Kring.") % {"email": email})
    user = User(email=email, name=name, **profile)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit(events.PERSON_INVITED, actor, user)
    notifications.invitation(actor, user)
    return user


@transaction.atomic
def use_mfa_grace(actor: User) -> bool:
    """Spend the one login without two-factor of someone who must use it. True if it was
    still there (this login may go on), False if it was spent before (set it up now)."""
    spent = User.objects.filter(pk=actor.pk, mfa_grace_used_at__isnull=True).update(mfa_grace_used_at=timezone.now())
    if spent:
        audit(events.MFA_GRACE_USED, actor, actor)
    return bool(spent)
