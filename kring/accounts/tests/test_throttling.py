"""Throttling lives in the cache every process shares: a budget used up against one server
process is used up against the other too."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import reverse

from kring.site.testing import PASSWORD, asgi_server_process, make_person

LOCKED = "Te veel inlogpogingen. Probeer het later nogmaals."
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """A browser-less visitor of one server: cookies, CSRF token, form posts."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path) as response:
            return str(response.read().decode())

    def post_form(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        token = CSRF.search(self.get(path))
        assert token, f"no CSRF token on {path}"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Referer": self.base_url + path})
        try:
            with self.opener.open(request) as response:
                return int(response.status), str(response.read().decode())
        except urllib.error.HTTPError as error:
            return int(error.code), str(error.read().decode())


def log_in(visitor: Visitor, email: str, password: str) -> tuple[int, str]:
    return visitor.post_form(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db(transaction=True)
def test_a_second_server_process_refuses_once_the_first_used_up_the_accounts_budget() -> None:
    make_person("Anna", email="anna@example.org")
    with asgi_server_process() as first, asgi_server_process() as second:
        stranger = Visitor(first)
        for _ in range(5):
            status, page = log_in(stranger, "anna@example.org", "wrong-password-123")
            assert status == 200 and LOCKED not in page  # an ordinary "wrong password"
        status, page = log_in(stranger, "anna@example.org", "wrong-password-123")
        assert LOCKED in page

        # The other process, another visitor: the budget of the account is spent there too.
        other = Visitor(second)
        status, page = log_in(other, "anna@example.org", "wrong-password-123")
        assert LOCKED in page
        # A different account on that process still has its own budget.
        status, page = log_in(other, "bert@example.org", "wrong-password-123")
        assert status == 200 and LOCKED not in page


@pytest.mark.django_db
def test_the_client_address_has_a_budget_across_accounts() -> None:
    client = Client()
    pages = [client.post(reverse("account_login"), {"login": f"p{i}@example.org", "password": "wrong-password-123"})
             for i in range(11)]
    assert all(LOCKED not in p.content.decode() for p in pages[:10])
    assert LOCKED in pages[10].content.decode()


@pytest.mark.django_db
def test_behind_one_trusted_proxy_each_client_has_its_own_budget(settings: object) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    client = Client()

    def attempt(address: str, i: int) -> str:
        response = client.post(reverse("account_login"), {"login": f"p{i}@example.org", "password": "wrong-password-123"},
                               HTTP_X_FORWARDED_FOR=address)
        return str(response.content.decode())

    assert all(LOCKED not in attempt("203.0.113.5", i) for i in range(10))
    assert LOCKED in attempt("203.0.113.5", 10)
    assert LOCKED not in attempt("198.51.100.7", 11)  # another client behind the same proxy


@pytest.mark.django_db
def test_a_password_reset_by_mail_lifts_the_lockout_for_the_owner() -> None:
    anna = make_person("Anna", email="anna@example.org")
    stranger = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(6):
        page = stranger.post(reverse("account_login"), {"login": anna.email, "password": "wrong-password-123"})
    assert LOCKED in page.content.decode()
    owner = Client(REMOTE_ADDR="192.0.2.99")
    assert LOCKED in owner.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD}).content.decode()

    # The owner follows the link of a reset mail.
    key = default_token_generator.make_token(anna)
    url = f"/account/password/reset/key/{user_pk_to_url_str(anna)}-{key}/"
    form_url = owner.get(url)["Location"]
    done = owner.post(form_url, {"password1": "een-nieuw-wachtwoord-42", "password2": "een-nieuw-wachtwoord-42"})
    assert done.status_code == 302
    logged_in = owner.post(reverse("account_login"), {"login": anna.email, "password": "een-nieuw-wachtwoord-42"})
    assert logged_in.status_code == 302


@pytest.mark.django_db
def test_password_reset_requests_are_throttled_per_address() -> None:
    make_person("Anna", email="anna@example.org")
    answers = [Client(REMOTE_ADDR=f"192.0.2.{i}").post(reverse("account_reset_password"), {"email": "anna@example.org"})
               for i in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]


@pytest.mark.django_db
def test_sign_up_is_throttled_per_address() -> None:
    def sign_up(i: int) -> str:
        response = Client(REMOTE_ADDR=f"192.0.2.{i}").post(reverse("account_signup"), {
            "email": "nieuw@example.org", "password1": "een-lang-wachtwoord-9", "password2": "een-lang-wachtwoord-9"})
        return str(response.content.decode())

    answers = [sign_up(i) for i in range(4)]
    assert all("Te veel pogingen met dit e-mailadres" not in a for a in answers[:3])
    assert "Te veel pogingen met dit e-mailadres. Probeer het later opnieuw." in answers[3]


@pytest.mark.django_db
def test_looking_people_up_by_address_is_throttled(settings: object) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "email_lookup": "3/h/user"}  # type: ignore[attr-defined]
    anna = make_person("Anna")
    client = Client()
    client.force_login(anna)
    answers = [client.post(reverse("accounts:relations"), {"email": f"p{i}@example.org", "kind": "authority"})
               for i in range(4)]
    assert all("Er is niemand met dit e-mailadres" in a.content.decode() for a in answers[:3])
    assert "Je hebt te veel e-mailadressen opgezocht" in answers[3].content.decode()
