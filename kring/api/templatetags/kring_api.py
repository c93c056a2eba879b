from __future__ import annotations

from django import template
from django.db.models import QuerySet

from kring.accounts.models import Person
from kring.api import queries
from kring.api.models import AccessToken
from kring.groups.roles import org_reach
from kring.organisations.models import Organisation

register = template.Library()


@register.simple_tag
def my_tokens(person: Person) -> QuerySet[AccessToken]:
    return queries.personal_tokens(person)


@register.simple_tag
def manages_organisation(person: Person, organisation: Organisation) -> bool:
    return org_reach(person, organisation).can_manage
