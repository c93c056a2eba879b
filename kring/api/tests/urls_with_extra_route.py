"""Kring's URLs plus an API version with one route no area declared a row for."""
from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from kring.urls import urlpatterns as kring_urlpatterns

extra = NinjaAPI(urls_namespace="api-test", docs_url=None, openapi_url=None)


@extra.get("/geheim/{thing_id}", url_name="secret_thing")
def secret_thing(request: HttpRequest, thing_id: str) -> dict[str, str]:  # pragma: no cover - never called
    raise AssertionError


urlpatterns = [*kring_urlpatterns, path("api/test/", extra.urls)]
