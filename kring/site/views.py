from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kring.groups.roles import visible_groups


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("site:dashboard")
    return render(request, "site/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    groups = visible_groups(request.user).select_related("organisation").prefetch_related("memberships__person")
    return render(request, "site/dashboard.html", {"groups": groups})
