"""Kring settings: everything comes from the environment, with a zero-config default
(SQLite, in-memory channel layer, mail kept in the outbox) so `make run` works on a bare
machine. See the README for the table of variables."""
from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kring.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files: SQLite database, collected static files
VAR_DIR.mkdir(exist_ok=True)
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
    "kring.core.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
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
    }
]
ASGI_APPLICATION = "kring.asgi.application"
WSGI_APPLICATION = "kring.wsgi.application"

# --- Database: SQLite file by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "kring.sqlite3")),
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

# --- Cache: shared through Redis when there is one (several web processes see one cache);
# otherwise each process keeps its own. Short timeouts: a Redis that is gone must make a
# request (and the health check) fail fast, not hang.
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
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Health check (/gezond/): a worker heartbeat older than this many seconds fails it.
KRING_WORKER_MAX_AGE = env_int("WORKER_MAX_AGE", 60)

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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_ALLOW_REGISTRATION = env_bool("ALLOW_SIGNUP", True)
ACCOUNT_ADAPTER = "kring.accounts.adapter.KringAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kring"

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
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kring <kring@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security
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
