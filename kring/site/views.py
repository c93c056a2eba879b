from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kring.groups.roles import visible_groups
from kring.meetings.queries import my_open_polls


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("site:dashboard")
    return render(request, "site/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    groups = visible_groups(request.user).select_related("organisation").prefetch_related("memberships__person")
    # Open date polls first: the one thing on this page that waits for an answer.
    return render(request, "site/dashboard.html", {"groups": groups, "open_polls": my_open_polls(request.user)})
