"""A small cast for API tests: an organisation with a coordinator, a group with a member
and a facilitator, and a client that calls the API with a token."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup, MemberRole
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, make_token, put_in_group


class ApiClient:
    """Calls /api/v1/ as a script would: a bearer token, JSON in and out."""

    def __init__(self, token: str | None, language: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any = None, *, raw: str | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(f"/api/v1{path}", data, content_type="application/json", headers=self.headers)


@dataclass
class Cast:
    org: Organisation
    coordinator: User
    facilitator: User
    member: User
    outsider: User
    group: IntervisionGroup


@pytest.fixture
def cast(db: None) -> Cast:
    org = make_org("Opleiding Zuid")
    coordinator, facilitator = make_person("Cor Coördinator", email="cor@example.org"), make_person("Fien Facilitator")
    member, outsider = make_person("Mia Lid"), make_person("Otto Buiten")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    join_org(facilitator, org, OrgRole.FACILITATOR)
    join_org(member, org)
    group = make_group(coordinator, org, "Groep Zuid")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    put_in_group(group, member)
    return Cast(org, coordinator, facilitator, member, outsider, group)


def api_as(person: User, *scopes: str, language: str | None = None, organisation: Organisation | None = None) -> ApiClient:
    token = make_token(person, tuple(scopes), organisation=organisation) if scopes else make_token(person, organisation=organisation)
    return ApiClient(token, language)
