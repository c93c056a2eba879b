from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kring.core.http import get_in_scope
from kring.groups.queries import visible_groups
from kring.organisations.queries import is_coordinator, organisations_of


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/list.html", {"organisations": organisations_of(request.user)})


@login_required
def org_detail(request: HttpRequest, org_id: str) -> HttpResponse:
    org = get_in_scope(organisations_of(request.user), pk=org_id)
    coordinator = is_coordinator(request.user, org)
    ctx = {
        "org": org,
        "coordinator": coordinator,
        "groups": visible_groups(request.user).filter(organisation=org),
        # Only coordinators see who belongs to the organisation.
        "memberships": org.memberships.select_related("person").order_by("role", "person__name") if coordinator else None,
    }
    return render(request, "organisations/detail.html", ctx)
