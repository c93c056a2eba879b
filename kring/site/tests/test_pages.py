from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import pytest
from django.http import FileResponse
from django.test import Client

pytestmark = pytest.mark.django_db


def test_static_files_are_served_and_pages_carry_a_strict_csp() -> None:
    client = Client()
    page = client.get("/")
    assert page.status_code == 200
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert 'href="/static/kring/kring.css"' in page.content.decode()
    css = client.get("/static/kring/kring.css")
    assert isinstance(css, FileResponse)  # WhiteNoise streams static files
    assert css.status_code == 200 and b".skip-link" in b"".join(cast("Iterable[bytes]", css.streaming_content))
    assert client.get("/static/kring/kring.js").status_code == 200


def test_unknown_page_is_a_dutch_404_in_the_kring_layout() -> None:
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Pagina niet gevonden</h1>" in body and 'href="/static/kring/kring.css"' in body
