"""Request middleware of Kring's own."""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.views.defaults import page_not_found


class PreferredLanguageMiddleware:
    """A signed-in person without an explicit language choice (cookie) sees Kring in the
    language of their profile; the language switch sets the cookie and wins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and getattr(user, "language", None) in dict(settings.LANGUAGES)
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class NotFoundPageMiddleware:
    """Kring's own 404 page under DEBUG too (`make run`). Django answers a 404 in debug mode
    with its English technical page, which lists the URL patterns; a person trying Kring
    should meet the same Dutch page as in production. Last in MIDDLEWARE, so the page has
    the person, the messages and the CSP, and CommonMiddleware can still add a slash."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            # A path no pattern matches fails before any view runs, out of reach of
            # process_exception: resolve it here first.
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
