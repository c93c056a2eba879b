"""The one write path for people: profile, registrations, relations."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts import events, notifications
from kring.accounts.models import MAX_EXPERIENCE_YEARS, Register, Registration, Relation, RelationKind, User
from kring.accounts.signals import answered_yes, verifier_asked
from kring.audit.actions import audit
from kring.core.errors import Refused

PROFILE_FIELDS = ("name", "language", "role", "discipline", "experience_years")


def _check_experience(value: object) -> None:
    try:
        years = Decimal(str(value))
    except InvalidOperation:
        years = Decimal("NaN")
    if not years.is_finite() or not Decimal("0") <= years <= MAX_EXPERIENCE_YEARS:
        raise Refused(_("Years of experience must be a number from 0 to %(max)s.") % {"max": MAX_EXPERIENCE_YEARS})


@transaction.atomic
def update_profile(actor: User, **fields: object) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    if "name" in fields and not str(fields["name"]).strip():
        raise Refused(_("Your name cannot be empty."))
    if "experience_years" in fields:
        _check_experience(fields["experience_years"])
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
    if "experience_years" in profile:
        _check_experience(profile["experience_years"])
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
def create_verified_account(email: str, name: str, password: str, language: str = "nl") -> User:
    """Create the account of someone who followed a link mailed to ``email`` (an
    invitation): following it proves the address, so it is stored as verified and they
    are not sent a second mail to confirm it."""
    email = email.strip().lower()
    name = name.strip()
    if not name:
        raise Refused(_("Fill in your name."))
    if User.objects.filter(email__iexact=email).exists():
        # Only reachable by a race or a stale page: the link's owner already has an account.
        raise Refused(_("There is already an account for this address: log in to accept."))
    user = User(email=email, name=name, language=language)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Refused(*exc.messages) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    audit(events.ACCOUNT_CREATED, user, user, via="invitation")
    return user


def use_mfa_grace(actor: User) -> bool:
    """Spend the one login without two-factor of someone who must use it. True if it was
    still there (this login may go on), False if it was spent before (set it up now)."""
    spent = User.objects.filter(pk=actor.pk, mfa_grace_used_at__isnull=True).update(mfa_grace_used_at=timezone.now())
    if spent:
        audit(events.MFA_GRACE_USED, actor, actor)
    return bool(spent)


def _check_verifier(actor: User) -> None:
    if not answered_yes(verifier_asked, actor):
        raise Refused(_("Only Kring staff can verify registrations."))


@transaction.atomic
def verify_registration(actor: User, registration: Registration) -> Registration:
    """Staff checked the number in the public register: the supervisor registration counts."""
    _check_verifier(actor)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.verified_at is not None:
        raise Refused(_("This registration has already been verified."))
    registration.verified_at, registration.verified_by = timezone.now(), actor
    registration.save(update_fields=["verified_at", "verified_by"])
    audit(events.REGISTRATION_VERIFIED, actor, registration, register=registration.register.code)
    return registration


@transaction.atomic
def reject_registration(actor: User, registration: Registration) -> None:
    """The number is not in the register: the registration goes (its holder sees that on
    their profile and may enter it again)."""
    _check_verifier(actor)
    person, code = registration.person, registration.register.code
    registration.delete()
    audit(events.REGISTRATION_REJECTED, actor, person, register=code)
