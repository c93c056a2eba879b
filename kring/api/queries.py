"""Reads of tokens and webhooks, scoped to the person asking."""
from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from kring.accounts.models import Person
from kring.api.models import AccessToken, Webhook, WebhookDelivery
from kring.core.http import get_in_scope
from kring.groups.roles import ORG_MANAGE, coordinated_organisations, signed_in
from kring.organisations.models import Organisation


def personal_tokens(person: Person) -> QuerySet[AccessToken]:
    if not signed_in(person):
        return AccessToken.objects.none()
    return AccessToken.objects.filter(owner=person, organisation__isnull=True)


def organisation_tokens(organisation: Organisation) -> QuerySet[AccessToken]:
    """Tokens of an organisation the caller has been allowed to manage."""
    return organisation.api_tokens.select_related("owner")


def revocable_tokens(person: Person) -> QuerySet[AccessToken]:
    """Own personal tokens, and the organisation tokens of organisations one coordinates."""
    own = AccessToken.objects.filter(owner_id=person.pk if signed_in(person) else None, organisation__isnull=True)
    return own | AccessToken.objects.filter(ORG_MANAGE.where(person, "organisation_id"))


def get_managed_organisation(person: Person, org_id: UUID | str) -> Organisation:
    return get_in_scope(coordinated_organisations(person), pk=org_id)


def webhooks(organisation: Organisation) -> QuerySet[Webhook]:
    return organisation.webhooks.filter(is_active=True)


def get_managed_webhook(person: Person, webhook_id: UUID | str) -> Webhook:
    scope = Webhook.objects.filter(ORG_MANAGE.where(person, "organisation_id"), is_active=True).select_related("organisation")
    return get_in_scope(scope, pk=webhook_id)


def deliveries(organisation: Organisation, limit: int = 50) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(webhook__organisation=organisation).select_related("webhook")[:limit]
