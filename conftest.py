"""Fixtures shared by every area's tests."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API keeps an event loop in the test thread; the ORM calls our tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    # Argon2 is deliberately slow; tests create many people. test_settings checks Argon2
    # stays the production default. (The solver's tests also run without Django.)
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests log facilitators and staff in many times without a second factor; the tests of
    # that rule switch it back on (kring/accounts/tests/test_mfa_required.py).
    settings.KRING_MFA_REQUIRED = False
    # Tests move the clock by days with people signed in; the tests of the session limits
    # set them back (kring/accounts/tests/test_sessions.py).
    settings.KRING_IDLE_TIMEOUT_MINUTES = settings.KRING_IDLE_TIMEOUT_TRUSTED_MINUTES = 10 * 365 * 24 * 60
    settings.KRING_SESSION_LIFETIME_HOURS = 10 * 365 * 24
    settings.SESSION_COOKIE_AGE = settings.KRING_SESSION_LIFETIME_HOURS * 3600


@pytest.fixture(autouse=True)
def _default_language(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts in Kring's default language. A request in English leaves English
    active in the thread, which would otherwise leak into the next test's direct calls."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def _commits(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")):
        return True
    return bool({"transactional_db", "live_server", "asgi_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """The cache (settings.CACHES) holds the throttling budgets. In the database, a
    rolled-back test leaves none behind, but a test that commits would hand its spent
    budgets to the next one; in Redis (REDIS_URL) every test would. Emptied after those."""
    yield
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django.conf import settings
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisUnreachable

    in_database = str(settings.CACHES["default"]["BACKEND"]).endswith("DatabaseCache")
    if not in_database:
        with contextlib.suppress(RedisUnreachable):  # a test pointed it at a Redis not there on purpose
            cache.clear()
    elif _commits(request):
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Any]:
    """A real SMTP server on loopback with Kring configured to deliver to it."""
    from kring.site.testing import SmtpServer  # imported here: the solver's tests run without Django

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.KRING_MAIL_DELIVERY = True
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Browser tests need Debian's chromium at /usr/bin/chromium (make test installs it as root).")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of pages, each in its own browser context (its own cookies: one person)."""
    from kring.site.browser import assert_no_console_errors, watch_console

    contexts: list[Any] = []
    pages: list[Any] = []

    def make(locale: str = "nl-NL", width: int | None = None) -> Any:
        """`width` gives the page a phone's viewport (say 375), for the whole test."""
        options: dict[str, Any] = {"locale": locale}
        if width is not None:
            options.update(viewport={"width": width, "height": 812}, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch_console(page)  # every console error fails the test (see kring.site.browser)
        pages.append(page)
        return page

    yield make
    try:
        for page in pages:
            if not page.is_closed():
                assert_no_console_errors(page)
    finally:
        for context in contexts:
            context.close()
