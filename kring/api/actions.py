"""The write path of the API area: tokens and webhooks. Everything a call through the
API changes in another area goes through that area's own actions."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts import mfa_policy
from kring.accounts.models import User
from kring.api import events, scopes
from kring.api.models import AccessToken, Webhook, WebhookEvent
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.groups.roles import holds_trust, org_reach
from kring.organisations.models import Organisation

TOKEN_PREFIX = "kring_"
MAX_DAYS = 366
NAME_MAX = 80


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_token_fields(name: str, chosen: list[str], days: int, allowed: tuple[str, ...]) -> list[str]:
    problems = []
    if not name.strip() or len(name) > NAME_MAX:
        problems.append(_("Give the token a name of at most %(n)d characters.") % {"n": NAME_MAX})
    if not chosen or any(s not in allowed for s in chosen):
        problems.append(_("Choose at least one of the permissions offered."))
    if not 1 <= days <= MAX_DAYS:
        problems.append(_("A token is valid from 1 to %(n)d days.") % {"n": MAX_DAYS})
    return problems


@transaction.atomic
def create_token(actor: User, *, name: str, scopes_chosen: list[str], days: int,
                 organisation: Organisation | None = None) -> tuple[AccessToken, str]:
    """Make a token; the secret is returned once and only its digest is kept."""
    if organisation is not None and not org_reach(actor, organisation).can_manage:
        raise Refused(_("Only a coordinator of the organisation can create its tokens."))
    allowed = scopes.ORGANISATION if organisation is not None else scopes.ALL
    problems = _check_token_fields(name, scopes_chosen, days, allowed)
    if problems:
        raise Refused(*problems)
    refusal = mfa_policy.may_create_token(actor, privileged=holds_trust(actor))
    if refusal is not None:
        raise refusal
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        owner=actor, organisation=organisation, name=name.strip(), prefix=secret[:12], digest=digest(secret),
        scopes=sorted(set(scopes_chosen)), expires_at=timezone.now() + timedelta(days=days),
    )
    audit(events.TOKEN_CREATED, actor, token, scopes=token.scopes, days=days,
          organisation=str(organisation.pk) if organisation else "")
    return token, secret


def may_revoke(actor: User, token: AccessToken) -> bool:
    if token.organisation is not None:
        return org_reach(actor, token.organisation).can_manage
    return token.owner_id == actor.pk


@transaction.atomic
def revoke_token(actor: User, token: AccessToken) -> AccessToken:
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if not may_revoke(actor, token):
        raise Refused(_("You cannot revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit(events.TOKEN_REVOKED, actor, token)
    return token


def _require_coordinator(actor: User, organisation: Organisation) -> None:
    if not org_reach(actor, organisation).can_manage:
        raise Refused(_("Only a coordinator of the organisation can manage its webhooks."))


@transaction.atomic
def create_webhook(actor: User, organisation: Organisation, *, url: str, events_chosen: list[str]) -> Webhook:
    _require_coordinator(actor, organisation)
    problems = []
    if not url.startswith(("https://", "http://")) or len(url) > 500:
        problems.append(_("Give a web address that starts with https://."))
    if not events_chosen or any(e not in WebhookEvent.values for e in events_chosen):
        problems.append(_("Choose at least one of the events offered."))
    if problems:
        raise Refused(*problems)
    hook = Webhook.objects.create(organisation=organisation, url=url, secret=secrets.token_hex(32),
                                  events=sorted(set(events_chosen)), created_by=actor)
    audit(events.WEBHOOK_CREATED, actor, hook, events=hook.events)
    return hook


@transaction.atomic
def remove_webhook(actor: User, hook: Webhook) -> None:
    _require_coordinator(actor, hook.organisation)
    audit(events.WEBHOOK_REMOVED, actor, hook, url=hook.url)
    hook.is_active = False
    hook.save(update_fields=["is_active", "updated_at"])
