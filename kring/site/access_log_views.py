"""Pages of the access log: one's own ("Wie heeft mijn gegevens ingezien") and, for a
privacy officer, the organisation's, on screen and as CSV."""
from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kring.accounts.http import AuthenticatedRequest
from kring.audit.actions import log_access
from kring.core.http import get_in_scope
from kring.groups.roles import access_log_groups, access_log_organisations
from kring.organisations.models import Organisation
from kring.site import access_log
from kring.site.events import ACCESS_LOG_EXPORTED, ACCESS_LOG_READ

PER_PAGE = 50


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(access_log.read_by_others(request.user), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "site/access_log_mine.html", {
        "page": page, "lines": access_log.lines(page.object_list),  # type: ignore[arg-type]
        "organisations": access_log_organisations(request.user),
    })


def _organisation(request: AuthenticatedRequest, organisation_id: UUID) -> Organisation:
    # Anyone but the organisation's privacy officer: as if there were no such log (404).
    return get_in_scope(access_log_organisations(request.user), pk=organisation_id)


@login_required
def organisation(request: AuthenticatedRequest, organisation_id: UUID) -> HttpResponse:
    org = _organisation(request, organisation_id)
    # The log says who brought which case: reading it is a read like any other (logged
    # before the page is counted, so the page holds what it says it holds).
    log_access(ACCESS_LOG_READ, request.user, org, on_behalf_of=org.name)
    entries = access_log.organisation_log(org, access_log_groups(org))
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "site/access_log_organisation.html", {
        "organisation": org, "page": page, "lines": access_log.lines(page.object_list),  # type: ignore[arg-type]
    })


@login_required
def organisation_csv(request: AuthenticatedRequest, organisation_id: UUID) -> HttpResponse:
    org = _organisation(request, organisation_id)
    rows = access_log.lines(access_log.organisation_log(org, access_log_groups(org)))
    log_access(ACCESS_LOG_EXPORTED, request.user, org, on_behalf_of=org.name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # so a spreadsheet opens the file as UTF-8
    access_log.write_csv(response, rows)
    return response
