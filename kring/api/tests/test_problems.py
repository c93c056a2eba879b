"""Refusals and validation errors are RFC 9457 problem details in the caller's language;
no input, however hostile, gets a 500."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kring.api.tests.conftest import ApiClient, Cast, api_as
from kring.audit.models import AccessEntry, AuditEntry
from kring.formation.models import Offer
from kring.meetings import poll_actions
from kring.meetings.models import Meeting, MeetingStatus
from kring.site.testing import make_token

pytestmark = pytest.mark.django_db


def test_out_of_reach_is_a_404_problem_in_dutch_by_default(cast: Cast) -> None:
    response = api_as(cast.outsider).get(f"/groups/{cast.group.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == "nl"
    assert response.json() == {"type": "about:blank", "title": "Niet gevonden.", "status": 404,
                               "detail": "Hier is niets, of het valt buiten wat jij mag zien."}


def test_the_caller_can_ask_for_english(cast: Cast) -> None:
    response = api_as(cast.outsider, language="en").get(f"/groups/{cast.group.pk}")
    assert response["Content-Language"] == "en" and response.json()["title"] == "Not found."


def test_no_token_is_a_401_problem(cast: Cast) -> None:
    response = ApiClient(None).get("/me/groups")
    assert response.status_code == 401 and response.json()["title"] == "Aanmelden vereist."


def test_a_validation_error_names_the_field_in_dutch(cast: Cast) -> None:
    offer = Offer.objects.create(organisation=cast.org, title="A", min_size=2, max_size=4, slots=["ma-ochtend"], is_open=True)
    response = api_as(cast.member).post(f"/offers/{offer.pk}/apply", {"intake_requested": "misschien", "role": 7})
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Het verzoek is niet geldig."
    assert {(e["pointer"], e["detail"]) for e in body["errors"]} == {
        ("/intake_requested", "Geef true of false."), ("/role", "Geef een tekst.")}


def test_a_refused_action_keeps_its_own_dutch_message(cast: Cast) -> None:
    offer = Offer.objects.create(organisation=cast.org, title="Dicht", min_size=2, max_size=4, is_open=False)
    response = api_as(cast.member).post(f"/offers/{offer.pk}/apply", {"experience_years": "3"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Dit aanbod is gesloten voor aanmeldingen."


def test_an_import_with_errors_lists_them_as_the_web_import_does(cast: Cast) -> None:
    offer = Offer.objects.create(organisation=cast.org, title="I", min_size=2, max_size=4, slots=["ma-ochtend"], is_open=True)
    csv = ("id,name,role,discipline,team,organisation,municipality,experience_years,availability\n"
           "a1,,professional,,,,,drie,ma-ochtend\n")
    response = api_as(cast.coordinator).post(f"/offers/{offer.pk}/applicants/import", {"csv": csv})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert all(e["line"] == "2" for e in errors) and {e["column"] for e in errors} >= {"name", "experience_years"}
    assert not offer.applications.exists()


def test_writes_are_audited_and_reads_of_personal_data_logged(cast: Cast) -> None:
    start = timezone.now() + timedelta(days=30)
    poll = poll_actions.create_poll(cast.facilitator, cast.group, title="P", deadline=start - timedelta(days=20),
                                    options=[(start, start + timedelta(hours=2))], location="Venlo")
    option = str(poll.options.get().pk)
    client = api_as(cast.member)
    assert client.post(f"/polls/{poll.pk}/answers", {"answers": {option: "maybe"}}).status_code == 200
    assert AuditEntry.objects.filter(name="kring.meetings.poll_answered", actor_id=cast.member.pk).count() == 1
    assert client.get("/me/polls").json()[0]["options"][0]["my_answer"] == "maybe"
    assert client.get(f"/groups/{cast.group.pk}/members").status_code == 200
    read = AccessEntry.objects.get(event="kring.api.members_read")
    assert read.reader_id == cast.member.pk and read.object_id == str(cast.group.pk) and read.on_behalf_of == "api"


# --- Hostile input: every write endpoint, any JSON (or none), never a 500 ---------------------

WRITES = ["/polls/{poll}/answers", "/meetings/{meeting}/attendance/confirm", "/offers/{offer}/apply",
          "/offers/{offer}/applicants/import", "/offers/{offer}/runs/start"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["answers", "comment", "lines", "role", "experience_years", "availability", "keep_apart", "relation_kind",
          "intake_requested", "csv", "accept", "application_ids", "capacity_ids", "seconds", "num_groups"]
bodies = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5) | json_values


@pytest.fixture
def targets(cast: Cast) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=30)
    poll = poll_actions.create_poll(cast.facilitator, cast.group, title="P", deadline=start - timedelta(days=20),
                                    options=[(start, start + timedelta(hours=2))], location="Venlo")
    offer = Offer.objects.create(organisation=cast.org, title="H", min_size=2, max_size=4, slots=["ma-ochtend"], is_open=True)
    past = timezone.now() - timedelta(days=1)
    held = Meeting.objects.create(group=cast.group, starts_at=past, ends_at=past + timedelta(hours=2), status=MeetingStatus.HELD)
    # Each endpoint called by someone it lets through to its action.
    callers = {WRITES[0]: cast.member, WRITES[1]: cast.facilitator}
    tokens = {path: make_token(callers.get(path, cast.coordinator)) for path in WRITES}
    return {"poll": poll.pk, "meeting": held.pk, "offer": offer.pk, "tokens": tokens}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(WRITES), body=bodies, raw=st.booleans())
def test_hostile_values_never_cause_a_500(targets: dict[str, Any], path: str, body: Any, raw: bool) -> None:
    client = ApiClient(targets["tokens"][path])
    url = path.format(**targets)
    response = client.post(url, raw=json.dumps(body)[:-1] if raw else json.dumps(body))
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code


# Bodies of the right shape with hostile contents: these get past the schema to the actions.
texts = st.text(max_size=60)
SHAPED = {
    WRITES[0]: st.fixed_dictionaries({"answers": st.dictionaries(texts, st.sampled_from(["yes", "maybe", "no"]), max_size=3),
                                      "comment": st.text(max_size=2100)}),
    WRITES[1]: st.fixed_dictionaries({"lines": st.dictionaries(texts, st.dictionaries(texts, texts, max_size=3), max_size=3)}),
    WRITES[2]: st.fixed_dictionaries({"role": texts, "experience_years": texts, "availability": st.lists(texts, max_size=4),
                                      "keep_apart": st.lists(texts, max_size=4), "relation_kind": texts, "motivation": texts}),
    WRITES[3]: st.fixed_dictionaries({"csv": st.text(max_size=400) | st.just("id,name\n") | texts.map(lambda t: f"id,name,role\n{t}")}),
    WRITES[4]: st.fixed_dictionaries({"application_ids": st.none() | st.lists(st.uuids().map(str), max_size=3),
                                      "capacity_ids": st.none() | st.lists(st.uuids().map(str), max_size=3),
                                      "seconds": st.integers(1, 600), "num_groups": st.none() | st.integers(1, 10000)}),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), path=st.sampled_from(WRITES))
def test_hostile_values_of_the_right_shape_never_cause_a_500(targets: dict[str, Any], data: st.DataObject, path: str) -> None:
    body = data.draw(SHAPED[path])
    response = ApiClient(targets["tokens"][path]).post(path.format(**targets), body)
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
