"""Kring's URLs plus ``/bench/leeg/``: an empty view, the ceiling any page is compared with."""
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/leeg/", empty), path("", include("kring.urls"))]
