"""The one write path for offers, applications and facilitator capacity. Formation runs
(start, move, publish) are in run_actions.py. Every public function takes the acting
person first, validates, writes in one transaction and leaves one audit entry."""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kring.accounts import actions as account_actions
from kring.accounts.models import Relation, Role, User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.formation import csvimport, events, notifications, signals
from kring.formation.models import (
    ATTRIBUTES,
    SLOT_PATTERN,
    ApplicantRole,
    Application,
    ApplicationStatus,
    FacilitatorCapacity,
    Offer,
    Source,
)
from kring.formation.queries import people_by_email
from kring.formation.slots import MAX_LABEL
from kring.groups.roles import org_reach
from kring.organisations.models import Organisation

OFFER_FIELDS = (
    "title", "description", "min_size", "max_size", "min_experience_years", "clients_allowed",
    "max_clients_per_group", "outside_own_team", "common_slot", "spread_municipality", "spread_team",
    "spread_organisation", "spread_discipline", "same_attributes", "slots", "slot_labels", "is_open", "intake_possible",
)
APPLY_FIELDS = (
    "role", "discipline", "team", "organisation_name", "municipality", "experience_years", "availability",
    "motivation", "intake_requested",
)
MAX_KEEP_APART = 20


def years(value: Decimal | float | str) -> str:
    """Years of experience as people write them in their language: "1,0" in Dutch."""
    return number_format(Decimal(value), decimal_pos=1)


def require_coordinator(actor: User, organisation: Organisation) -> None:
    if not org_reach(actor, organisation).can_manage:
        raise Refused(_("Only a coordinator of %(org)s can do this.") % {"org": organisation.name})


def clean_slots(slots: Iterable[object] | None) -> list[str]:
    codes = [str(s).strip().lower() for s in (slots or []) if str(s).strip()]
    bad = [c for c in codes if not re.fullmatch(SLOT_PATTERN, c)]
    if bad:
        raise Refused(
            _("A time slot is a short code of lowercase letters, digits and hyphens, such as ma-ochtend; not %(bad)s.")
            % {"bad": ", ".join(bad[:5])}
        )
    return list(dict.fromkeys(codes))


def _check_offer(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"unknown offer fields: {sorted(unknown)}")
    if "title" in fields and not str(fields["title"]).strip():
        raise Refused(_("An offer needs a title."))
    if "slots" in fields:
        fields["slots"] = clean_slots(fields["slots"])
    if "slot_labels" in fields:
        labels = fields["slot_labels"] or {}
        if not isinstance(labels, dict):
            raise ValueError("slot_labels is a {code: label} mapping")
        cleaned = {str(code).strip().lower(): " ".join(str(label).split()) for code, label in labels.items()}
        if any(len(label) > MAX_LABEL for label in cleaned.values()):
            raise Refused(_("The name of a time slot is at most %(max)d characters.") % {"max": MAX_LABEL})
        fields["slot_labels"] = {code: label for code, label in cleaned.items() if label}
    if "same_attributes" in fields:
        same = list(dict.fromkeys(fields["same_attributes"] or []))
        if set(same) - set(ATTRIBUTES):
            raise Refused(_("Choose attributes from the list."))
        fields["same_attributes"] = same
    return fields


def _validate_offer(offer: Offer) -> None:
    if offer.min_size > offer.max_size:
        raise Refused(_("The minimum group size cannot be larger than the maximum."))
    if offer.clients_allowed and offer.max_clients_per_group > offer.max_size:
        raise Refused(_("The number of clients per group cannot exceed the maximum group size."))
    if offer.common_slot and not offer.slots:
        raise Refused(_("Name at least one time slot, or switch off that everyone shares a slot."))
    # A name for a slot the offer no longer has is dropped, not kept as a stray.
    offer.slot_labels = {code: label for code, label in (offer.slot_labels or {}).items() if code in offer.slots}
    overlap = {a for a in offer.same_attributes if getattr(offer, f"spread_{a}") > 0}
    if overlap:
        raise Refused(_("An attribute cannot be both mixed and kept the same."))
    offer.full_clean()


@transaction.atomic
def create_offer(actor: User, organisation: Organisation, **fields: Any) -> Offer:
    require_coordinator(actor, organisation)
    offer = Offer(organisation=organisation, **_check_offer(fields))
    _validate_offer(offer)
    offer.save()
    audit(events.OFFER_CREATED, actor, offer, title=offer.title)
    return offer


@transaction.atomic
def update_offer(actor: User, offer: Offer, **fields: Any) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    require_coordinator(actor, offer.organisation)
    changed = {k: v for k, v in _check_offer(fields).items() if getattr(offer, k) != v}
    for key, value in changed.items():
        setattr(offer, key, value)
    _validate_offer(offer)
    offer.save()
    audit(events.OFFER_UPDATED, actor, offer, fields=sorted(changed))
    return offer


# --- Applying --------------------------------------------------------------------------

def eligibility(offer: Offer, *, role: str, experience_years: Decimal, availability: list[str]) -> list[str]:
    """Why someone does not qualify for an offer, in words for them; empty if they do."""
    reasons: list[str] = []
    if role == ApplicantRole.CLIENT and not offer.clients_allowed:
        reasons.append(_("This offer is for professionals only; clients cannot apply."))
    if experience_years < offer.min_experience_years:
        reasons.append(
            _("This offer asks for at least %(min)s years of experience; you have %(years)s.")
            % {"min": years(offer.min_experience_years), "years": years(experience_years)}
        )
    if offer.common_slot and not set(availability) & set(offer.slots):
        reasons.append(_("Choose at least one time slot you can make: a group meets at one fixed time."))
    return reasons


def _keep_apart(actor: User, emails: list[str], kind: str) -> list[str]:
    """Declare relations with people in Kring (through accounts) and keep the addresses of
    the others, which match imported applicants later. Returns the unmatched addresses."""
    rest: list[str] = []
    for email in emails:
        other = User.objects.filter(email__iexact=email, is_active=True).first()
        if other is None:
            rest.append(email)
        elif other.pk == actor.pk:
            raise Refused(_("You cannot declare a relation with yourself."))
        elif not Relation.objects.filter(declared_by=actor, other=other).exists():
            account_actions.declare_relation(actor, other, kind)
    return rest


def _sync_profile(actor: User, role: str, discipline: str, experience_years: Decimal) -> None:
    """The group's own rules look at the profile when the group is published; keep it in
    line with what the person just told us."""
    wanted = {"role": role if role in Role.values else Role.PROFESSIONAL, "discipline": discipline,
              "experience_years": experience_years}
    if any(getattr(actor, k) != v for k, v in wanted.items()):
        account_actions.update_profile(actor, **wanted)


@transaction.atomic
def apply(actor: User, offer: Offer, *, keep_apart: list[str] | None = None, relation_kind: str = "", **fields: Any) -> Application:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    unknown = set(fields) - set(APPLY_FIELDS)
    if unknown:
        raise ValueError(f"unknown application fields: {sorted(unknown)}")
    if not org_reach(actor, offer.organisation).can_view:
        raise Refused(_("This offer is only open to people of %(org)s.") % {"org": offer.organisation.name})
    if not offer.is_open:
        raise Refused(_("This offer is closed for applications."))
    # Someone who withdrew may apply again: the same row is submitted anew.
    earlier = Application.objects.select_for_update().filter(offer=offer, person=actor).first()
    if earlier is not None and earlier.status != ApplicationStatus.WITHDRAWN:
        raise Refused(_("You have already applied for this offer."))
    availability = [s for s in dict.fromkeys(fields.get("availability") or []) if s in offer.slots]
    fields["availability"] = availability
    years = Decimal(fields.get("experience_years") or 0)
    reasons = eligibility(offer, role=fields.get("role", ApplicantRole.PROFESSIONAL), experience_years=years,
                          availability=availability)
    if reasons:
        raise Refused(*reasons)
    if not offer.intake_possible:
        fields["intake_requested"] = False
    emails = [e.strip().lower() for e in (keep_apart or []) if e.strip()]
    if len(emails) > MAX_KEEP_APART:
        raise Refused(_("Name at most %(max)d people.") % {"max": MAX_KEEP_APART})
    if emails and not relation_kind:
        raise Refused(_("Choose the kind of relation for the people you named."))
    rest = _keep_apart(actor, list(dict.fromkeys(emails)), relation_kind) if emails else []
    _sync_profile(actor, fields.get("role", ApplicantRole.PROFESSIONAL), fields.get("discipline", ""), years)
    application = earlier or Application(offer=offer, person=actor, source=Source.WEB)
    application.name, application.keep_apart_emails = actor.name, rest
    model_fields = {f.name: f for f in Application._meta.concrete_fields}
    for key in APPLY_FIELDS:
        setattr(application, key, fields[key] if key in fields else model_fields[key].get_default())
    application.status, application.status_changed_at = ApplicationStatus.SUBMITTED, timezone.now()
    application.full_clean(exclude=["person", "group"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a double submit that raced past the check above
        raise Refused(_("You have already applied for this offer.")) from None
    audit(events.APPLICATION_SUBMITTED, actor, application, offer=str(offer.pk), intake=application.intake_requested,
          again=earlier is not None)
    notifications.application_received(offer, application)
    signals.application_received.send(sender=Application, application=application, offer=offer)
    return application


@transaction.atomic
def withdraw(actor: User, application: Application) -> Application:
    """An applicant takes back their own application, as long as they have not been placed
    in a group. The coordinators are told; a proposal that holds them can no longer be
    published until they are moved out of it (or a new run is made)."""
    application = Application.objects.select_for_update(of=("self",)).select_related("offer__organisation").get(pk=application.pk)
    if application.person_id != actor.pk:
        raise Refused(_("This is not your application."))
    if application.status == ApplicationStatus.PLACED:
        raise Refused(_("You have already been placed in a group. Ask your facilitator or the coordinator if you want to leave it."))
    if application.status == ApplicationStatus.WITHDRAWN:
        return application  # a repeated click changes nothing
    previous = application.status
    application.status, application.status_changed_at = ApplicationStatus.WITHDRAWN, timezone.now()
    application.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit(events.APPLICATION_WITHDRAWN, actor, application, previous=previous)
    notifications.application_withdrawn(application)
    return application


DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITING, ApplicationStatus.SUBMITTED)


@transaction.atomic
def decide(actor: User, application: Application, status: str) -> Application:
    application = Application.objects.select_for_update(of=("self",)).select_related("offer__organisation").get(pk=application.pk)
    require_coordinator(actor, application.offer.organisation)
    if status not in DECISIONS:
        raise Refused(_("Choose accept, decline or waiting list."))
    if application.status == ApplicationStatus.PLACED:
        raise Refused(_("%(name)s has already been placed in a group.") % {"name": application.name})
    if application.status == ApplicationStatus.WITHDRAWN:
        raise Refused(_("%(name)s has withdrawn their application.") % {"name": application.name})
    if application.status == status:
        return application  # a repeated click changes nothing
    previous = application.status
    application.status = status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit(events.APPLICATION_DECIDED, actor, application, status=status, previous=previous)
    if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITING):
        notifications.decision(application, status)
    return application


@transaction.atomic
def import_applicants(actor: User, offer: Offer, data: bytes, *, accept: bool = True) -> csvimport.ParseResult:
    """Import a CSV of applicants: all rows or none. The result lists every error by line
    and column; when there is any, nothing is written."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    require_coordinator(actor, offer.organisation)
    taken = frozenset(offer.applications.exclude(external_id="").values_list("external_id", flat=True))
    rules = csvimport.OfferRules(
        slots=frozenset(offer.slots), clients_allowed=offer.clients_allowed,
        min_experience_years=offer.min_experience_years, common_slot=offer.common_slot, taken_ids=taken,
    )
    result = csvimport.parse(data, rules)
    if not result.ok:
        return result
    # A row is linked to someone in Kring by its e-mail column or, as before, by an id that
    # is an e-mail address. A row with an address nobody in Kring has keeps the address:
    # publishing invites that person (run_actions.publish).
    addresses = {r.line: _row_email(r) for r in result.rows}
    for row in result.rows:
        if _row_has_email_column(row) and not _is_email(addresses[row.line]):
            result.add(row.line, "email", _("“%(value)s” is not an e-mail address.") % {"value": addresses[row.line][:100]})
        elif not _is_email(addresses[row.line]):
            addresses[row.line] = ""  # an id with an @ that is no address links nobody
    if not result.ok:
        return result
    people = people_by_email([a for a in addresses.values() if a])
    # One application per person and offer: an address already in this offer (imported
    # before, or someone who applied in Kring) or twice in the file is an error.
    used = {e.lower() for e in offer.applications.exclude(email="").values_list("email", flat=True)}
    used |= {e.lower() for e in offer.applications.filter(person__isnull=False).values_list("person__email", flat=True)}
    seen: dict[str, int] = {}
    for row in result.rows:
        address = addresses[row.line]
        if not address:
            continue
        column = "email" if _row_has_email_column(row) else "id"
        if address in used:
            result.add(row.line, column, _("%(email)s has already applied for this offer.") % {"email": address})
        elif address in seen:
            result.add(row.line, column, _("%(email)s is also on line %(other)d.") % {"email": address, "other": seen[address]})
        else:
            seen[address] = row.line
    if not result.ok:
        return result
    status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.SUBMITTED
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                offer=offer, person=people.get(addresses[r.line]), email=addresses[r.line], external_id=r.id, source=Source.CSV, name=r.name,
                role=r.role, discipline=r.discipline, team=r.team, organisation_name=r.organisation,
                municipality=r.municipality, experience_years=r.experience_years, availability=r.availability,
                status=status, status_changed_at=now,
            )
            for r in result.rows
        ],
        batch_size=500,
    )
    audit(events.APPLICANTS_IMPORTED, actor, offer, count=len(result.rows), accepted=accept)
    return result


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _row_has_email_column(row: csvimport.ApplicantRow) -> bool:
    return bool(row.email.strip())


def _row_email(row: csvimport.ApplicantRow) -> str:
    """The row's address, lowercased: its e-mail column (optional in the file), else an id
    that is an e-mail address; "" when it has neither."""
    email = row.email.strip().lower()
    if email:
        return email
    return row.id.strip().lower() if "@" in row.id else ""


# --- Facilitator capacity ------------------------------------------------------------------

@transaction.atomic
def set_capacity(actor: User, organisation: Organisation, person: User, *, groups_per_year: int, availability: list[str]) -> FacilitatorCapacity:
    require_coordinator(actor, organisation)
    if not org_reach(person, organisation).facilitator:
        raise Refused(_("%(name)s is not a facilitator of %(org)s.") % {"name": person.name, "org": organisation.name})
    if not 0 <= int(groups_per_year) <= 50:
        raise Refused(_("Capacity is a number of groups per year from 0 to 50."))
    capacity, _created = FacilitatorCapacity.objects.select_for_update().get_or_create(organisation=organisation, person=person)
    capacity.groups_per_year = int(groups_per_year)
    capacity.availability = clean_slots(availability)
    capacity.save()
    audit(events.CAPACITY_SET, actor, capacity, per_year=capacity.groups_per_year)
    return capacity
