"""Confidential text at rest: sealed with the current key, readable with any configured
key, and a missing, wrong or altered key is a clear error — never empty text."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from kring.core import crypto

KEY_A, KEY_B = crypto.new_key(), crypto.new_key()


@pytest.fixture(autouse=True)
def _fresh_keys() -> Iterator[None]:
    crypto.reset_keys()
    yield
    crypto.reset_keys()


def test_round_trip_with_unicode_and_no_plaintext_in_the_stored_value() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        stored = crypto.encrypt("Cliënt zegt: ‘ik stop’ — 🙂")
        assert crypto.is_encrypted(stored) and "stop" not in stored
        assert crypto.decrypt(stored) == "Cliënt zegt: ‘ik stop’ — 🙂"
        assert crypto.encrypt("x") != crypto.encrypt("x")  # a fresh nonce every time


def test_an_old_key_still_decrypts_after_rotation_and_a_missing_key_is_named() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        old = crypto.encrypt("geheim")
    crypto.reset_keys()
    with override_settings(DATA_KEYS=[KEY_B, KEY_A]):
        assert crypto.decrypt(old) == "geheim"
        assert crypto.current_key_id() == crypto.key_id(crypto.parse_key(KEY_B))
    crypto.reset_keys()
    with override_settings(DATA_KEYS=[KEY_B]), pytest.raises(crypto.DataKeyError, match=crypto.key_id(crypto.parse_key(KEY_A))):
        crypto.decrypt(old)


def test_an_altered_value_does_not_verify() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        stored = crypto.encrypt("geheim")
        body = stored.rsplit(":", 1)[1]
        flipped = body[:-6] + ("A" if body[-6] != "A" else "B") + body[-5:]
        with pytest.raises(crypto.DataKeyError, match="does not verify"):
            crypto.decrypt(stored.rsplit(":", 1)[0] + ":" + flipped)
