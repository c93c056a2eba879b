"""Every URL pattern × every role gets the status its row expects; a pattern with no row
fails the suite (see test_a_new_url_without_a_row_fails)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from kring.site import matrix

ROWS = matrix.all_rows()


def test_every_url_pattern_has_a_row() -> None:
    assert matrix.missing_rows(ROWS) == []


def test_no_row_names_a_url_that_does_not_exist() -> None:
    names = {name for name, _route in matrix.iter_patterns()}
    assert sorted(row.url for row in ROWS if row.url not in names) == []




def _extra_view(request: Any) -> Any:  # pragma: no cover - never called
    raise AssertionError


@override_settings(ROOT_URLCONF="kring.site.tests.urls_with_extra")
def test_a_new_url_without_a_row_fails() -> None:
    missing = matrix.missing_rows(ROWS, urlconf="kring.site.tests.urls_with_extra")
    assert missing == ["core_test_extra geheim/<uuid:thing_id>/"]


def _token_call(row: matrix.Row, world: matrix.World, role: str, url: str, data: dict[str, Any]) -> Any:
    client = Client()
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {world.extra['api_tokens'][role]}"}
    if row.method == "post":
        return client.post(url, data, content_type="application/json", headers=headers)
    return client.get(url, data, headers=headers)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[matrix.World]:
    """The cast is built once for all rows, in a transaction that is rolled back at the
    end; each row (and each role in it) runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield matrix.build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method} {r.url}{r.query}" for r in ROWS])
def test_matrix(row: matrix.Row, world: matrix.World) -> None:
    got: dict[str, int] = {}
    for role in matrix.ROLES:
        try:
            with transaction.atomic():  # each role starts from the same world
                url = reverse(row.url, kwargs=row.kwargs(world)) + row.query
                data = row.data(world) if row.data else {}
                if row.auth == "token":
                    response = _token_call(row, world, role, url, data)
                else:
                    client = Client()
                    if role != "anonymous":
                        client.force_login(world.people[role])
                    response = client.post(url, data) if row.method == "post" else client.get(url, data)
                got[role] = response.status_code
                raise _Rollback
        except _Rollback:
            pass
    assert got == row.expect
