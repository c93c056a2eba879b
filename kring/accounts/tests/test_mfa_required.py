"""Staff, coordinators and facilitators must use two-factor login: one login without it to
set it up, then every page leads to the set-up until they have."""
from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import is_mfa_enabled
from django.test import Client
from django.urls import reverse

from kring.accounts.mfa_required import mfa_required
from kring.groups.models import MemberRole
from kring.organisations.models import OrgRole
from kring.site.testing import PASSWORD, join_org, make_group, make_org, make_person, put_in_group


@pytest.fixture(autouse=True)
def _mfa_required(settings: object) -> None:
    settings.KRING_MFA_REQUIRED = True  # type: ignore[attr-defined]  # conftest.py switches it off


def log_in(email: str) -> Client:
    client = Client()
    assert client.post(reverse("account_login"), {"login": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
def test_who_must_use_two_factor_login() -> None:
    org = make_org()
    coordinator = make_person("Coby Coördinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org)
    facilitator, member = make_person("Fien Facilitator"), make_person("Mo Member")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    put_in_group(group, member)
    staff = make_person("Stan Staff", staff=True)
    assert [mfa_required(p) for p in (coordinator, facilitator, staff, member)] == [True, True, True, False]


@pytest.mark.django_db
def test_one_grace_login_then_the_set_up_is_required() -> None:
    staff = make_person("Stan Staff", staff=True)
    dashboard = reverse("site:dashboard")

    first = log_in(staff.email)
    page = first.get(dashboard)
    assert page.status_code == 200
    assert "Je rol vraagt om inloggen in twee stappen" in page.content.decode()

    second = log_in(staff.email)
    for path in (dashboard, reverse("accounts:profile")):
        answer = second.get(path)
        assert answer.status_code == 302 and answer["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password once more before the set-up.
    check = second.get(reverse("mfa_activate_totp"))
    assert check.status_code == 302 and check["Location"].startswith(reverse("account_reauthenticate"))
    assert second.post(check["Location"], {"password": PASSWORD}).status_code == 302
    assert second.get(reverse("mfa_activate_totp")).status_code == 200
    secret = second.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    activated = second.post(reverse("mfa_activate_totp"), {"code": code})
    assert activated.status_code == 302, activated.content.decode()
    assert is_mfa_enabled(staff)
    assert second.get(dashboard).status_code == 200


@pytest.mark.django_db
def test_members_and_a_switched_off_setting_need_no_second_factor(settings: object) -> None:
    member = make_person("Mo Member")
    for _ in range(2):
        assert log_in(member.email).get(reverse("site:dashboard")).status_code == 200
    settings.KRING_MFA_REQUIRED = False  # type: ignore[attr-defined]
    staff = make_person("Stan Staff", staff=True)
    for _ in range(2):
        assert log_in(staff.email).get(reverse("site:dashboard")).status_code == 200
