from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, cast

import pytest
from django.http import FileResponse
from django.test import Client

from kring.site.testing import make_person

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


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_unknown_page_is_a_dutch_404_in_the_kring_layout(settings: Any, debug: bool) -> None:
    settings.DEBUG = debug  # `make run` runs with DEBUG on: no English technical page there either
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Pagina niet gevonden</h1>" in body and 'href="/static/kring/kring.css"' in body


def test_a_page_out_of_reach_is_the_kring_404_in_development_too(settings: Any) -> None:
    settings.DEBUG = True
    client = Client()
    client.force_login(make_person("Nora Nergens"))
    response = client.get(f"/groepen/{uuid.uuid4()}/")  # the view raises Http404
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in body and "Mijn profiel" in body  # the person's own menu
    assert "URLconf" not in body and "DEBUG = True" not in body


def test_a_missing_slash_is_still_added_in_development(settings: Any) -> None:
    settings.DEBUG = True
    response = Client().get("/profiel")
    assert response.status_code == 301 and response["Location"] == "/profiel/"
