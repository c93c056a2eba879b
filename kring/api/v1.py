"""Version 1 of Kring's JSON API (/api/v1/). The OpenAPI 3.1 document is generated from
these routes and their schemas; /api/v1/docs serves it interactively."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from kring.api import problems, routes_formation, routes_groups, routes_meetings
from kring.api.auth import TokenAuth

DESCRIPTION = """Kring's API for HR, learning and register systems and for coordinators' scripts.

Authenticate with a personal or organisation token: `Authorization: Bearer kring_…`
(created on your profile page or on the organisation page). A call sees and changes exactly
what its person could on the pages; anything outside that is 404. Errors are RFC 9457 problem
details in the language of `Accept-Language` (Dutch by default). Cases, notes and reports
are not in this version."""


class KringAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # OpenAPI keys responses by strings; ninja leaves some as ints.
                responses: dict[str, Any] = {}
                for status, response in operation.get("responses", {}).items():
                    responses.setdefault(str(status), {}).update(response)
                for status, response in responses.items():
                    content = response.get("content", {})
                    # Refusals are problem details (RFC 9457): say so with their media type.
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {"application/problem+json": content["application/json"]}
                operation["responses"] = responses
        return schema


api = KringAPI(
    title="Kring API", version="1", description=DESCRIPTION, urls_namespace="api-v1", auth=TokenAuth(),
    docs_url="/docs",
)
problems.install(api)
api.add_router("", routes_groups.router)
api.add_router("", routes_meetings.router)
api.add_router("", routes_formation.router)


def openapi_document(request: HttpRequest | None = None) -> dict[str, Any]:
    return dict(api.get_openapi_schema(path_prefix="/api/v1/"))
