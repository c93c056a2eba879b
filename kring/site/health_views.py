"""``/gezond/``: is this web process able to serve? For a load balancer and a monitor."""
from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kring.site.health import run_checks


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache, the channel layer and a task worker answer; 503
    with the failing parts named otherwise. Open to anyone: it holds no data of a person."""
    results = run_checks()
    failing = [name for name, check in results.items() if not check.ok]
    body = {
        "status": "fail" if failing else "ok",
        "failing": failing,
        "checks": {name: {"ok": check.ok, **check.details} for name, check in results.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
