"""The client address an access entry records: the peer's, or behind trusted proxies the
one the outermost proxy saw (a client can prepend anything to X-Forwarded-For)."""
from __future__ import annotations

from django.test import RequestFactory, override_settings

from kring.audit.context import client_address, session_ref


def test_without_proxies_the_peer_address_counts_and_the_header_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_rightmost_forwarded_address_counts() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_a_session_is_recorded_as_a_ref_not_its_key() -> None:
    assert session_ref("abc") == session_ref("abc") != session_ref("abd")
    assert "abc" not in session_ref("abc") and session_ref(None) == ""
