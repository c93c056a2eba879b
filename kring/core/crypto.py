"""Authenticated encryption of confidential text at rest (AES-256-GCM, ``cryptography``).

The keys come from settings (``DATA_KEYS``, read from ``DATA_KEY`` / ``DATA_KEY_FILE``; in
development a key is generated once into the git-ignored ``.data_key``, never into ``var/``
where the database and its backups live). The first key encrypts; the others only decrypt,
so keys can be rotated: add a new key in front, run ``manage.py rotate_data_key``, drop the
old one. A stored value names the key that sealed it, so a wrong or missing key is a clear
error, never silently empty text.

Format of a stored value: ``kr1:<key id>:<base64 of nonce + ciphertext + tag>``.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "kr1"
NONCE_BYTES = 12


class DataKeyError(Exception):
    """A stored value cannot be decrypted with the configured keys (missing, wrong, or
    tampered). The message names the key id it needs, never any text."""


def new_key() -> str:
    """A fresh key as it is written in DATA_KEY: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def parse_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode())
    except (ValueError, TypeError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured("DATA_KEY must be 32 bytes in URL-safe base64 (make one with manage.py new_data_key).")
    return raw


def key_id(key: bytes) -> str:
    """A short public name of a key (a hash prefix: it does not reveal the key)."""
    return hashlib.sha256(b"kring-data-key:" + key).hexdigest()[:12]


@cache
def _keys() -> tuple[tuple[str, bytes], ...]:
    texts = list(getattr(settings, "DATA_KEYS", []))
    if not texts:
        raise ImproperlyConfigured("No data key: set DATA_KEY or DATA_KEY_FILE (required when DEBUG=0).")
    return tuple((key_id(k), k) for k in (parse_key(t) for t in texts))


def reset_keys() -> None:
    """Forget the keys read from settings (after settings change: key rotation, tests)."""
    _keys.cache_clear()


def configured_key_ids() -> list[str]:
    return [kid for kid, _key in _keys()]


def current_key_id() -> str:
    return _keys()[0][0]


def encrypt(plaintext: str) -> str:
    kid, key = _keys()[0]
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), kid.encode())
    return f"{PREFIX}:{kid}:{base64.b64encode(nonce + sealed).decode()}"


def is_encrypted(value: str) -> bool:
    return value.startswith(f"{PREFIX}:")


def decrypt(stored: str) -> str:
    try:
        prefix, kid, body = stored.split(":", 2)
    except ValueError:
        raise DataKeyError("not an encrypted value") from None
    if prefix != PREFIX:
        raise DataKeyError("not an encrypted value")
    key = dict(_keys()).get(kid)
    if key is None:
        raise DataKeyError(f"this value was encrypted with data key {kid}, which is not configured")
    raw = base64.b64decode(body)
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], kid.encode()).decode("utf-8")
    except InvalidTag:
        raise DataKeyError(f"a value sealed with data key {kid} does not verify (wrong key or altered)") from None
