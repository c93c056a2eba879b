"""The permission matrix covers API routes like pages: a route without a row fails it."""
from __future__ import annotations

from kring.site import matrix


def test_an_api_route_without_a_row_fails_the_matrix() -> None:
    missing = matrix.missing_rows(matrix.all_rows(), urlconf="kring.api.tests.urls_with_extra_route")
    assert "api-test:secret_thing api/test/geheim/<thing_id>" in missing


def test_every_api_row_is_called_with_a_token() -> None:
    rows = [r for r in matrix.all_rows() if r.url.startswith("api-v1:") and r.url not in ("api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root")]
    assert rows and all(r.auth == "token" and r.expect["anonymous"] == 401 for r in rows)
