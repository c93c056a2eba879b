"""Personal and organisation tokens: made on the pages, shown once, stored hashed, with
scopes and an expiry, revocable; the MFA policy at creation; a rate limit per token."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.api import actions, scopes
from kring.api.models import AccessToken
from kring.api.tests.conftest import ApiClient, Cast, api_as
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.organisations.models import OrgMembership

pytestmark = pytest.mark.django_db


def _logged_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _create_on_page(person: User, **fields: object) -> tuple[int, str]:
    data = {"name": "HR-systeem", "scopes": [scopes.READ], "days": 30, **fields}
    response = _logged_in(person).post(reverse("api:create_token"), data)
    return response.status_code, response.content.decode()


def test_a_member_creates_a_token_on_the_page_and_sees_it_once(cast: Cast) -> None:
    status, page = _create_on_page(cast.member)
    assert status == 200
    secret = re.search(r'value="(kring_[^"]+)"', page)
    assert secret is not None
    token = AccessToken.objects.get(owner=cast.member)
    # Stored hashed: the secret itself is nowhere in the row.
    assert secret.group(1) not in (token.digest, token.prefix) and token.digest == actions.digest(secret.group(1))
    assert token.scopes == [scopes.READ]
    assert AuditEntry.objects.filter(name="kring.api.token_created", object_id=str(token.pk)).exists()
    # The profile lists it without the secret, and can revoke it.
    profile = _logged_in(cast.member).get(reverse("accounts:profile")).content.decode()
    assert "HR-systeem" in profile and secret.group(1) not in profile
    client = ApiClient(secret.group(1))
    assert client.get("/me/groups").status_code == 200
    _logged_in(cast.member).post(reverse("api:revoke_token", args=[token.pk]))
    assert client.get("/me/groups").status_code == 401


def test_a_token_expires(cast: Cast) -> None:
    client = api_as(cast.member)
    assert client.get("/me/groups").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.get("/me/groups")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bad_token_fields_get_dutch_messages(cast: Cast) -> None:
    with pytest.raises(Refused) as refused:
        actions.create_token(cast.member, name="", scopes_chosen=["alles"], days=1000)
    assert refused.value.messages == [
        "Geef het token een naam van hoogstens 80 tekens.",
        "Kies ten minste één van de aangeboden rechten.",
        "Een token is 1 tot 366 dagen geldig.",
    ]


def test_a_facilitator_needs_two_factor_authentication_first(cast: Cast) -> None:
    status, page = _create_on_page(cast.facilitator)
    assert status == 422 and "tweestapsverificatie" in page
    assert not AccessToken.objects.filter(owner=cast.facilitator).exists()
    TOTP.activate(cast.facilitator, generate_totp_secret())
    status, page = _create_on_page(cast.facilitator)
    assert status == 200 and AccessToken.objects.filter(owner=cast.facilitator).count() == 1


def test_coordinators_and_staff_need_it_too_unless_the_setting_is_off(cast: Cast) -> None:
    staff = User.objects.create_user(email="staf@example.org", password="x" * 12, name="Staf", is_staff=True)
    for person in (cast.coordinator, staff):
        with pytest.raises(Refused):
            actions.create_token(person, name="x", scopes_chosen=[scopes.READ], days=1)
    with override_settings(KRING_MFA_FOR_TOKENS=False):
        token, _secret = actions.create_token(cast.coordinator, name="x", scopes_chosen=[scopes.READ], days=1)
    assert token.owner == cast.coordinator


def test_a_token_only_does_what_its_scopes_allow(cast: Cast) -> None:
    response = api_as(cast.member, scopes.READ).post(f"/polls/{cast.group.pk}/answers", {"answers": {}})
    assert response.status_code == 403
    assert response.json()["detail"] == "Dit token heeft het recht “respond” niet."


@override_settings(KRING_API_RATE_PER_MINUTE=3)
def test_the_rate_limit_counts_per_token_in_the_shared_cache(cast: Cast) -> None:
    first, second = api_as(cast.member), api_as(cast.member)
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        assert [first.get("/me/groups").status_code for _i in range(3)] == [200, 200, 200]
        refused = first.get("/me/groups")
        assert refused.status_code == 429 and refused["Content-Type"] == "application/problem+json"
        assert refused["Retry-After"] == "55"
        assert second.get("/me/groups").status_code == 200  # another token has its own count
    with time_machine.travel(timezone.now().replace(second=5) + timedelta(minutes=1), tick=False):
        assert first.get("/me/groups").status_code == 200


def test_an_organisation_token_sees_only_its_organisation_while_its_maker_coordinates(cast: Cast) -> None:
    TOTP.activate(cast.coordinator, generate_totp_secret())
    page = _logged_in(cast.coordinator).post(reverse("api:organisation", args=[cast.org.pk]), {
        "form": "token", "name": "Leerplatform", "scopes": [scopes.READ], "days": 30})
    secret = re.search(r'value="(kring_[^"]+)"', page.content.decode())
    assert page.status_code == 200 and secret is not None
    client = ApiClient(secret.group(1))
    groups = client.get("/me/groups").json()
    assert [g["name"] for g in groups] == ["Groep Zuid"]
    # Another coordinator of the organisation sees and can revoke it; nobody else can.
    assert "Leerplatform" in _logged_in(cast.coordinator).get(reverse("api:organisation", args=[cast.org.pk])).content.decode()
    assert _logged_in(cast.member).get(reverse("api:organisation", args=[cast.org.pk])).status_code == 404
    OrgMembership.objects.filter(person=cast.coordinator, organisation=cast.org).delete()
    assert client.get("/me/groups").status_code == 401
