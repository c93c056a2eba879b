"""Kring's URLs plus an empty view, the baseline of bench/web.py."""
from django.http import HttpRequest, HttpResponse
from django.urls import path

from kring.urls import urlpatterns as kring_urlpatterns


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"", content_type="text/plain")


urlpatterns = [*kring_urlpatterns, path("bench/leeg/", empty)]
