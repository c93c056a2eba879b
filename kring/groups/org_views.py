"""Organisation pages. They live in the groups area because what they show depends on
roles (``kring.groups.roles``), which sit above the organisations' own data."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import get_in_scope
from kring.groups.roles import member_organisations, org_reach, visible_groups


@login_required
def org_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "organisations/list.html", {"organisations": member_organisations(request.user)})


@login_required
def org_detail(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    org = get_in_scope(member_organisations(request.user), pk=org_id)
    coordinator = org_reach(request.user, org).can_manage
    ctx = {
        "org": org,
        "coordinator": coordinator,
        "groups": visible_groups(request.user).filter(organisation=org),
        # Only coordinators see who belongs to the organisation.
        "memberships": org.memberships.select_related("person").order_by("role", "person__name") if coordinator else None,
    }
    return render(request, "organisations/detail.html", ctx)
