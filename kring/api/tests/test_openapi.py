"""The OpenAPI document is generated from the code, validates as OpenAPI 3.1, and every
documented operation answers as documented (a request built from the document, the
response checked against the document's schema)."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from kring.api.tests.conftest import Cast, api_as
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.meetings import actions as meeting_actions
from kring.meetings import poll_actions
from kring.meetings.models import Meeting, MeetingStatus
from kring.site.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client: Any) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_each_path_has_one_operation_so_the_matrix_covers_each(document: dict[str, Any]) -> None:
    # The permission matrix has a row per URL pattern; ninja makes one pattern per path.
    assert {path: len(ops) for path, ops in document["paths"].items() if len(ops) != 1} == {}


def test_refusals_are_documented_as_problem_details(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for status in ("401", "404", "422"):
                assert list(operation["responses"][status]["content"]) == ["application/problem+json"], (path, status)


def test_the_interactive_docs_load_their_scripts_from_kring(client: Any) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()


def _sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value a client would send for a JSON schema (defaults where given)."""
    if "$ref" in schema:
        return _sample(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "anyOf" in schema:
        return _sample(schema["anyOf"][0], components)
    if "default" in schema:
        return schema["default"]
    kind = str(schema.get("type"))
    if kind == "object":
        return {k: _sample(v, components) for k, v in schema.get("properties", {}).items() if k in schema.get("required", [])}
    return {"string": "", "integer": schema.get("minimum", 1), "boolean": False, "array": [], "number": 1}.get(kind)


@pytest.fixture
def ids(cast: Cast) -> dict[str, Any]:
    """One real object per path parameter, each reachable by the role that calls it."""
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    meeting = meeting_actions.create_meeting(cast.facilitator, cast.group, starts_at=start, ends_at=start + timedelta(hours=2),
                                             location="Maastricht")
    poll = poll_actions.create_poll(cast.facilitator, cast.group, title="Wanneer?", deadline=start - timedelta(days=20),
                                    options=[(start, start + timedelta(hours=2))], location="Maastricht")
    offer = Offer.objects.create(organisation=cast.org, title="Aanbod", min_size=2, max_size=4, slots=["ma-ochtend"], is_open=True)
    for name in ("Een", "Twee"):
        Application.objects.create(offer=offer, person=make_person(name), name=name, availability=["ma-ochtend"],
                                   status=ApplicationStatus.ACCEPTED)
    FacilitatorCapacity.objects.create(organisation=cast.org, person=cast.facilitator, groups_per_year=3, availability=["ma-ochtend"])
    run = FormationRun.objects.create(offer=offer, status=RunStatus.DONE, application_ids=[], capacity_ids=[])
    past = timezone.now() - timedelta(days=2)
    held = Meeting.objects.create(group=cast.group, starts_at=past, ends_at=past + timedelta(hours=2), status=MeetingStatus.HELD)
    return {"group_id": cast.group.pk, "meeting_id": meeting.pk, "poll_id": poll.pk, "offer_id": offer.pk, "run_id": run.pk,
            "held": held.pk, "option": str(poll.options.get().pk)}


CSV = "id,name,role,discipline,team,organisation,municipality,experience_years,availability\nx1,Xander,professional,,,,,3,ma-ochtend\n"
# Who calls each operation (a role that may), and body fields a generated minimum cannot know.
CALLERS = {
    "my_groups": "member", "group": "member", "group_members": "member", "group_meetings": "member", "meeting": "member",
    "meeting_ics": "member", "my_polls": "member", "answer_poll": "member", "my_attendance": "member",
    "confirm_attendance": "facilitator", "offers": "member", "offer_applications": "coordinator",
    "apply_to_offer": "member", "import_applicants": "coordinator", "offer_runs": "coordinator",
    "start_run": "coordinator", "run": "coordinator",
}


def test_every_documented_operation_answers_as_documented(document: dict[str, Any], cast: Cast, ids: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    checked = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = operation["operationId"]
            assert name in CALLERS, f"{name}: say in CALLERS who calls it"
            params = dict(ids, meeting_id=ids["held"] if name == "confirm_attendance" else ids["meeting_id"])
            url = path.removeprefix("/api/v1").format(**params)
            client = api_as(getattr(cast, CALLERS[name]))
            if method == "post":
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                body = _sample(schema, components)
                if name == "answer_poll":
                    body["answers"] = {ids["option"]: "yes"}
                if name == "apply_to_offer":
                    body["availability"] = ["ma-ochtend"]
                if name == "import_applicants":
                    body["csv"] = CSV
                response = client.post(url, body)
            else:
                response = client.get(url)
            documented = operation["responses"].get(str(response.status_code))
            assert documented is not None and response.status_code < 400, (name, response.status_code, response.content[:300])
            media, spec = next(iter(documented["content"].items()))
            assert response["Content-Type"].split(";")[0] == media, name
            if media.endswith("json"):
                errors = list(Draft202012Validator({**spec["schema"], "components": document["components"]}).iter_errors(response.json()))
                assert errors == [], (name, [e.message for e in errors])
            checked.append(name)
    assert sorted(checked) == sorted(CALLERS)


def test_a_problem_matches_the_documented_problem_schema(document: dict[str, Any], cast: Cast) -> None:
    response = api_as(cast.outsider).get(f"/groups/{cast.group.pk}")
    assert response.status_code == 404
    spec = document["paths"]["/api/v1/groups/{group_id}"]["get"]["responses"]["404"]["content"]["application/problem+json"]
    assert list(Draft202012Validator({**spec["schema"], "components": document["components"]}).iter_errors(response.json())) == []
    assert json.loads(response.content)["status"] == 404
