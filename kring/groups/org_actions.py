"""The one write path for organisations and the roles people hold in them: creating an
organisation (staff), inviting by e-mail, accepting, changing and removing roles, leaving.
It lives in the groups area because every write asks ``kring.groups.roles``, which sits
above the organisations' own data."""
from __future__ import annotations

import secrets
from datetime import timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts import actions as account_actions
from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.groups import notifications
from kring.groups.roles import is_staff, org_reach
from kring.organisations import events
from kring.organisations.models import Organisation, OrganisationKind, OrgInvitation, OrgMembership, OrgRole, hash_token

INVITATION_DAYS = 14


@transaction.atomic
def create_organisation(actor: User, name: str, kind: str, city: str = "") -> Organisation:
    if not is_staff(actor):
        raise Refused(_("Only Kring's administrators can create organisations."))
    name, city = name.strip(), city.strip()
    if not name:
        raise Refused(_("An organisation needs a name."))
    if kind not in OrganisationKind.values:
        raise Refused(_("Choose the kind of organisation."))
    if Organisation.objects.filter(name__iexact=name).exists():
        raise Refused(_("There is already an organisation called %(name)s.") % {"name": name})
    organisation = Organisation(name=name, kind=kind, city=city)
    organisation.full_clean()
    organisation.save()
    audit(events.ORGANISATION_CREATED, actor, organisation, kind=kind)
    return organisation


@transaction.atomic
def invite(actor: User, organisation: Organisation, email: str, role: str) -> OrgInvitation:
    """Mail a link to take ``role`` in the organisation. Whether the address has an
    account changes nothing the inviter sees: the same invitation, the same answer.
    The person accepts (and creates an account if they have none) by the link."""
    if not org_reach(actor, organisation).can_invite:
        raise Refused(_("Only a coordinator of %(org)s can invite people to it.") % {"org": organisation.name})
    if role not in OrgRole.values:
        raise Refused(_("Choose a role."))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(_("“%(email)s” is not an e-mail address.") % {"email": email[:100]}) from None
    token = secrets.token_urlsafe(32)
    invitation = OrgInvitation.objects.create(
        organisation=organisation, email=email, role=role, token_hash=hash_token(token), invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    audit(events.INVITATION_SENT, actor, invitation, organisation=str(organisation.pk), role=role)
    notifications.org_invitation(invitation, token, User.objects.filter(email__iexact=email).first())
    return invitation


def _open_invitation(token: str) -> OrgInvitation:
    invitation = (OrgInvitation.objects.select_for_update().select_related("organisation")
                  .filter(token_hash=hash_token(token)).first())
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        raise Refused(_("This invitation is no longer valid. Ask for a new one."))
    return invitation


@transaction.atomic
def accept_invitation(actor: User, token: str) -> OrgMembership:
    invitation = _open_invitation(token)
    if actor.email.lower() != invitation.email:
        raise Refused(_("This invitation was sent to another e-mail address."))
    membership, _created = OrgMembership.objects.get_or_create(
        organisation=invitation.organisation, person=actor, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit(events.INVITATION_ACCEPTED, actor, invitation, organisation=str(invitation.organisation_id),
          role=invitation.role)
    return membership


@transaction.atomic
def join_by_invitation(token: str, name: str, password: str, language: str = "nl") -> OrgMembership:
    """Someone without an account accepts: the account is made for the invited address."""
    invitation = _open_invitation(token)
    person = account_actions.create_verified_account(invitation.email, name, password, language)
    return accept_invitation(person, token)


def _lock_coordinators(organisation_id: UUID) -> int:
    # Locking the organisation row serialises every change to its coordinators, so two
    # coordinators removing each other cannot both succeed and leave it without one.
    Organisation.objects.select_for_update().get(pk=organisation_id)
    return OrgMembership.objects.filter(organisation_id=organisation_id, role=OrgRole.COORDINATOR).count()


def _keeps_a_coordinator(membership: OrgMembership, new_role: str | None) -> None:
    if membership.role != OrgRole.COORDINATOR or new_role == OrgRole.COORDINATOR:
        return
    if _lock_coordinators(membership.organisation_id) <= 1:
        raise Refused(_("%(org)s needs a coordinator: appoint another one first.")
                      % {"org": membership.organisation.name})


@transaction.atomic
def change_role(actor: User, membership: OrgMembership, role: str) -> OrgMembership:
    if not org_reach(actor, membership.organisation).can_manage:
        raise Refused(_("Only a coordinator can change roles."))
    if role not in OrgRole.values:
        raise Refused(_("Choose a role."))
    if role == membership.role:
        return membership
    if OrgMembership.objects.filter(organisation_id=membership.organisation_id, person_id=membership.person_id,
                                    role=role).exists():
        raise Refused(_("%(name)s already has this role.") % {"name": membership.person.name})
    _keeps_a_coordinator(membership, role)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit(events.ROLE_CHANGED, actor, membership, person=str(membership.person_id), old=old, new=role)
    return membership


@transaction.atomic
def remove_role(actor: User, membership: OrgMembership) -> None:
    if not org_reach(actor, membership.organisation).can_manage:
        raise Refused(_("Only a coordinator can remove roles."))
    _keeps_a_coordinator(membership, None)
    audit(events.ROLE_REMOVED, actor, membership.organisation, person=str(membership.person_id), role=membership.role)
    membership.delete()


@transaction.atomic
def leave(actor: User, membership: OrgMembership) -> None:
    if membership.person_id != actor.pk:
        raise Refused(_("You can only leave your own roles."))
    _keeps_a_coordinator(membership, None)
    audit(events.MEMBERSHIP_LEFT, actor, membership.organisation, role=membership.role)
    membership.delete()
