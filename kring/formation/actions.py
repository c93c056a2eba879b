"""The one write path for offers, applications and facilitator capacity. Formation runs
(start, move, publish) are in run_actions.py. Every public function takes the acting
person first, validates, writes in one transaction and leaves one audit entry."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts import actions as account_actions
from kring.accounts.models import Relation, Role
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.formation import csvimport
from kring.formation.models import (
    ATTRIBUTES, SLOT_PATTERN, Application, ApplicantRole, ApplicationStatus, FacilitatorCapacity, Offer, Source,
)
from kring.organisations.models import Organisation, OrgMembership, OrgRole
from kring.organisations.queries import is_coordinator

OFFER_FIELDS = (
    "title", "description", "min_size", "max_size", "min_experience_years", "clients_allowed",
    "max_clients_per_group", "outside_own_team", "common_slot", "spread_municipality", "spread_team",
    "spread_organisation", "spread_discipline", "same_attributes", "slots", "is_open", "intake_possible",
)
APPLY_FIELDS = (
    "role", "discipline", "team", "organisation_name", "municipality", "experience_years", "availability",
    "motivation", "intake_requested",
)
MAX_KEEP_APART = 20


def _require_coordinator(actor: Any, organisation: Organisation) -> None:
    if not is_coordinator(actor, organisation):
        raise Refused(_("Only a coordinator of %(org)s can do this.") % {"org": organisation.name})


def clean_slots(slots: Any) -> list[str]:
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
    overlap = {a for a in offer.same_attributes if getattr(offer, f"spread_{a}") > 0}
    if overlap:
        raise Refused(_("An attribute cannot be both mixed and kept the same."))
    offer.full_clean()


@transaction.atomic
def create_offer(actor: Any, organisation: Organisation, **fields: Any) -> Offer:
    _require_coordinator(actor, organisation)
    offer = Offer(organisation=organisation, **_check_offer(fields))
    _validate_offer(offer)
    offer.save()
    audit("kring.formation.offer_created", actor, offer, title=offer.title)
    return offer


@transaction.atomic
def update_offer(actor: Any, offer: Offer, **fields: Any) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _require_coordinator(actor, offer.organisation)
    changed = {k: v for k, v in _check_offer(fields).items() if getattr(offer, k) != v}
    for key, value in changed.items():
        setattr(offer, key, value)
    _validate_offer(offer)
    offer.save()
    audit("kring.formation.offer_updated", actor, offer, fields=sorted(changed))
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
            % {"min": offer.min_experience_years, "years": experience_years}
        )
    if offer.common_slot and not set(availability) & set(offer.slots):
        reasons.append(_("Choose at least one time slot you can make: a group meets at one fixed time."))
    return reasons


def _keep_apart(actor: Any, emails: list[str], kind: str) -> list[str]:
    """Declare relations with people in Kring (through accounts) and keep the addresses of
    the others, which match imported applicants later. Returns the unmatched addresses."""
    User = get_user_model()
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


def _sync_profile(actor: Any, role: str, discipline: str, experience_years: Decimal) -> None:
    """The group's own rules look at the profile when the group is published; keep it in
    line with what the person just told us."""
    wanted = {"role": role if role in Role.values else Role.PROFESSIONAL, "discipline": discipline,
              "experience_years": experience_years}
    if any(getattr(actor, k) != v for k, v in wanted.items()):
        account_actions.update_profile(actor, **wanted)


@transaction.atomic
def apply(actor: Any, offer: Offer, *, keep_apart: list[str] | None = None, relation_kind: str = "", **fields: Any) -> Application:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    unknown = set(fields) - set(APPLY_FIELDS)
    if unknown:
        raise ValueError(f"unknown application fields: {sorted(unknown)}")
    if not OrgMembership.objects.filter(organisation=offer.organisation, person=actor).exists():
        raise Refused(_("This offer is only open to people of %(org)s.") % {"org": offer.organisation.name})
    if not offer.is_open:
        raise Refused(_("This offer is closed for applications."))
    if Application.objects.filter(offer=offer, person=actor).exists():
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
    application = Application(offer=offer, person=actor, name=actor.name, source=Source.WEB, keep_apart_emails=rest, **fields)
    application.full_clean(exclude=["person", "group"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a double submit that raced past the check above
        raise Refused(_("You have already applied for this offer.")) from None
    audit("kring.formation.applied", actor, application, offer=str(offer.pk), intake=application.intake_requested)
    from kring.mail.actions import queue_mail

    for coordinator in offer.organisation.memberships.filter(role=OrgRole.COORDINATOR).select_related("person"):
        queue_mail(
            "kring.formation.application_received", coordinator.person, "formation/application_received",
            {"offer_title": offer.title, "offer_id": str(offer.pk), "intake": application.intake_requested},
            about=application,
        )
    return application


DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITING, ApplicationStatus.SUBMITTED)


@transaction.atomic
def decide(actor: Any, application: Application, status: str) -> Application:
    application = Application.objects.select_for_update().select_related("offer__organisation").get(pk=application.pk)
    _require_coordinator(actor, application.offer.organisation)
    if status not in DECISIONS:
        raise Refused(_("Choose accept, decline or waiting list."))
    if application.status == ApplicationStatus.PLACED:
        raise Refused(_("%(name)s has already been placed in a group.") % {"name": application.name})
    if application.status == status:
        return application  # a repeated click changes nothing
    previous = application.status
    application.status = status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit("kring.formation.application_decided", actor, application, status=status, previous=previous)
    if application.person_id and status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITING):
        from kring.mail.actions import queue_mail

        queue_mail(
            "kring.formation.decision", application.person, "formation/decision",
            {"offer_title": application.offer.title, "status": status},
            dedupe_key=f"formation-decision:{application.pk}:{status}:{application.status_changed_at.isoformat()}",
            about=application,
        )
    return application


@transaction.atomic
def import_applicants(actor: Any, offer: Offer, data: bytes, *, accept: bool = True) -> csvimport.ParseResult:
    """Import a CSV of applicants: all rows or none. The result lists every error by line
    and column; when there is any, nothing is written."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _require_coordinator(actor, offer.organisation)
    taken = frozenset(offer.applications.exclude(external_id="").values_list("external_id", flat=True))
    rules = csvimport.OfferRules(
        slots=frozenset(offer.slots), clients_allowed=offer.clients_allowed,
        min_experience_years=offer.min_experience_years, common_slot=offer.common_slot, taken_ids=taken,
    )
    result = csvimport.parse(data, rules)
    if not result.ok:
        return result
    people = _people_by_email([r.id for r in result.rows if "@" in r.id])
    applied = set(offer.applications.filter(person__isnull=False).values_list("person_id", flat=True))
    for row in result.rows:
        person = people.get(row.id.lower())
        if person is not None and person.pk in applied:
            result.add(row.line, "id", _("%(id)s has already applied for this offer.") % {"id": row.id})
    if not result.ok:
        return result
    status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.SUBMITTED
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                offer=offer, person=people.get(r.id.lower()), external_id=r.id, source=Source.CSV, name=r.name,
                role=r.role, discipline=r.discipline, team=r.team, organisation_name=r.organisation,
                municipality=r.municipality, experience_years=r.experience_years, availability=r.availability,
                status=status, status_changed_at=now,
            )
            for r in result.rows
        ],
        batch_size=500,
    )
    audit("kring.formation.applicants_imported", actor, offer, count=len(result.rows), accepted=accept)
    return result


def _people_by_email(ids: list[str]) -> dict[str, Any]:
    """An import id that is the e-mail address of someone in Kring links the row to them."""
    if not ids:
        return {}
    User = get_user_model()
    lowered = {i.lower() for i in ids}
    found: dict[str, Any] = {}
    chunk = 500
    lowered_list = sorted(lowered)
    for start in range(0, len(lowered_list), chunk):
        for user in User.objects.filter(email__in=lowered_list[start:start + chunk], is_active=True):
            found[user.email.lower()] = user
    return found


# --- Facilitator capacity ------------------------------------------------------------------

@transaction.atomic
def set_capacity(actor: Any, organisation: Organisation, person: Any, *, new_groups_free: int, availability: list[str]) -> FacilitatorCapacity:
    _require_coordinator(actor, organisation)
    if not OrgMembership.objects.filter(organisation=organisation, person=person, role=OrgRole.FACILITATOR).exists():
        raise Refused(_("%(name)s is not a facilitator of %(org)s.") % {"name": person.name, "org": organisation.name})
    if not 0 <= int(new_groups_free) <= 50:
        raise Refused(_("Free capacity is a number of groups from 0 to 50."))
    capacity, _created = FacilitatorCapacity.objects.select_for_update().get_or_create(organisation=organisation, person=person)
    capacity.new_groups_free = int(new_groups_free)
    capacity.availability = clean_slots(availability)
    capacity.save()
    audit("kring.formation.capacity_set", actor, capacity, free=capacity.new_groups_free)
    return capacity
