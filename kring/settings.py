"""Kring settings: everything comes from the environment, with a zero-config default
(SQLite, in-memory channel layer, mail kept in the outbox) so `make run` works on a bare
machine. See the README for the table of variables."""
from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kring.core.private_files import private_dir
from kring.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files: SQLite database, collected static files
private_dir(VAR_DIR, tighten=True)  # 0700: it holds the database
(VAR_DIR / "static").mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", True)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG=0.")
    # Development: generate once and keep it in a git-ignored file, so sessions survive restarts.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()


def _data_keys() -> list[str]:
    """Keys for confidential text at rest (kring.core.crypto): DATA_KEY or DATA_KEY_FILE,
    several separated by commas (the first encrypts, the others still decrypt: rotation).
    Development generates one into the git-ignored .data_key, outside var/ (backups)."""
    text = env_str("DATA_KEY")
    if not text:
        if not DEBUG:
            raise ImproperlyConfigured("DATA_KEY (or DATA_KEY_FILE) is required when DEBUG=0.")
        path = BASE_DIR / ".data_key"
        if not path.exists():
            path.touch(mode=0o600)
            path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
    return [k.strip() for k in text.split(",") if k.strip()]


DATA_KEYS = _data_keys()
# dumpdata/loaddata keep encrypted fields sealed (kring.core.serializers).
SERIALIZATION_MODULES = {"json": "kring.core.serializers"}
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL] if SITE_URL else [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves its Swagger UI from static files (no CDN, no inline script)
    # Kring's own areas
    "kring.core",
    "kring.audit",
    "kring.accounts",
    "kring.organisations",
    "kring.groups",
    "kring.mail",
    "kring.formation",
    "kring.meetings",
    "kring.cases",
    "kring.methods",
    "kring.live",
    "kring.reports",
    "kring.privacy",
    "kring.api",
    "kring.site",  # last: the top layer (home, dashboard, demo, serve)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kring.audit.context.AccessOriginMiddleware",
    "kring.core.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kring.core.middleware.NotFoundPageMiddleware",
    "kring.accounts.middleware.MfaSetupMiddleware",
    "kring.accounts.sessions.SessionLimitsMiddleware",
]

ROOT_URLCONF = "kring.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kring.core.context_processors.kring",
            ],
        },
    },
    {
        # Plain text (mail subjects and bodies): nothing is HTML-escaped, so "&" stays "&".
        # Found second, so pages always come from the escaping engine above; mail asks for
        # this one by name (kring.mail.actions.TEXT_ENGINE).
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kring" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]
ASGI_APPLICATION = "kring.asgi.application"
WSGI_APPLICATION = "kring.wsgi.application"

# --- Database: SQLite file by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
else:
    SQLITE_PATH = env_str("SQLITE_PATH", str(VAR_DIR / "kring.sqlite3"))
    private_dir(Path(SQLITE_PATH).parent)  # the file itself is made 0600 when opened (kring.core.apps)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
                # failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            },
            # A file (not :memory:) so live-server and websocket tests in other threads or
            # processes see the same data; one per test run, shared with child processes
            # through the environment, so parallel runs never collide.
            "TEST": {
                "NAME": os.environ.setdefault(
                    "KRING_SQLITE_TEST_PATH", str(BASE_DIR / "var" / f"test-kring-{os.getpid()}.sqlite3")
                )
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels: in-memory layer (one process) unless REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Cache: shared by every process, because the throttling budgets and API rate limits live
# in it (a budget kept in one process's memory lets a second process log in at once). The
# database by default (its table comes with `migrate`), Redis when REDIS_URL is set, with
# short timeouts: a Redis that is gone must make a request (and the health check) fail fast.
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kring",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kring_cache"}}

# --- Health check (/gezond/): a worker heartbeat older than this many seconds fails it.
KRING_WORKER_MAX_AGE = env_int("WORKER_MAX_AGE", 60)

# --- API: calls per token per minute; people with a facilitator, coordinator or staff
# role need two-factor authentication before they can create a token.
KRING_API_RATE_PER_MINUTE = env_int("KRING_API_RATE_PER_MINUTE", 120)
KRING_MFA_FOR_TOKENS = env_bool("KRING_MFA_FOR_TOKENS", True)
KRING_WEBHOOK_MAX_ATTEMPTS = env_int("KRING_WEBHOOK_MAX_ATTEMPTS", 6)
KRING_WEBHOOK_BACKOFF_SECONDS = env_int("KRING_WEBHOOK_BACKOFF_SECONDS", 60)
KRING_WEBHOOK_TIMEOUT = env_int("KRING_WEBHOOK_TIMEOUT", 10)

# --- Background tasks (django-tasks with the database backend; `manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "kring.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# At login; a sign-up always waits for the confirmation mail (kring/accounts/stages.py), so a
# sign-up with a known address answers exactly like one with a new address.
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_PREVENT_ENUMERATION = True
# Throttling budgets (allauth's syntax: amount/period/per ip|key|user), kept in the shared cache.
# Per client address and per account; a lockout of an account lasts a quarter of an hour at most
# and a password reset by mail lifts it, so strangers cannot lock its owner out for good.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "reset_password": "10/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "10/m/ip",
    "signup_email": "3/15m/key",  # Kring's own (accounts/signup.py): per address
    # Kring's own: every form that looks a person up by e-mail (add member, relations).
    "email_lookup": "30/m/ip,60/h/user",
}
# Behind a reverse proxy: how many proxies append to X-Forwarded-For. 0 (default) trusts no
# header and takes the socket's address; set it to the number of your own proxies, never more,
# or clients choose their address (and their throttling budget) themselves.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_ALLOW_REGISTRATION = env_bool("ALLOW_SIGNUP", True)
ACCOUNT_ADAPTER = "kring.accounts.adapter.KringAccountAdapter"
ACCOUNT_FORMS = {"signup": "kring.accounts.signup.KringSignupForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Kring: "  # allauth's default is the host name in brackets
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kring"
# Staff, coordinators and facilitators must log in with a second factor; they get one login
# without it to set it up (kring/accounts/mfa_required.py).
KRING_MFA_REQUIRED = env_bool("MFA_REQUIRED", True)

# --- Internationalisation: Dutch first, English one click away.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# --- Static files (WhiteNoise serves them in every mode; no separate web server needed).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "kring" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Mail: real SMTP when configured; otherwise mail stays in the outbox (readable by staff).
def _email_from_url(url: str) -> dict[str, object]:
    parts = urlparse(url)
    if parts.scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not smtp, smtps or submission.")
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or {"smtp": 25, "smtps": 465, "submission": 587}[parts.scheme],
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "ssl": parts.scheme == "smtps",
        "tls": parts.scheme == "submission",
    }


_email_url = env_str("EMAIL_URL")
if _email_url:
    _mail = _email_from_url(_email_url)
else:
    _mail = {
        "host": env_str("EMAIL_HOST", ""),
        "port": env_int("EMAIL_PORT", 25),
        "user": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "ssl": env_bool("EMAIL_USE_SSL", False),
        "tls": env_bool("EMAIL_USE_TLS", False),
    }
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = str(_mail["host"])
EMAIL_PORT = int(str(_mail["port"]))
EMAIL_HOST_USER = str(_mail["user"])
EMAIL_HOST_PASSWORD = str(_mail["password"])
EMAIL_USE_SSL = bool(_mail["ssl"])
EMAIL_USE_TLS = bool(_mail["tls"])
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
# No host means "do not deliver": the outbox keeps every message for staff to read.
KRING_MAIL_DELIVERY = bool(EMAIL_HOST)
KRING_MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
KRING_MAIL_BACKOFF_SECONDS = env_int("MAIL_BACKOFF_SECONDS", 30)
# A case bringer who has not approved her part of a report draft is reminded this long after being asked.
KRING_REPORT_APPROVAL_REMINDER_HOURS = env_int("REPORT_APPROVAL_REMINDER_HOURS", 48)
# Days a delivered (or finally failed) mail keeps its text in the outbox; then only its headers remain.
KRING_MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kring <kring@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security
# A session ends after this much inactivity (staff, coordinators and facilitators sooner) and
# after its absolute lifetime however active (kring/accounts/sessions.py).
KRING_IDLE_TIMEOUT_TRUSTED_MINUTES = env_int("IDLE_TIMEOUT_TRUSTED_MINUTES", 30)
KRING_IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 120)
KRING_SESSION_LIFETIME_HOURS = env_int("SESSION_LIFETIME_HOURS", 12)
SESSION_COOKIE_AGE = KRING_SESSION_LIFETIME_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
