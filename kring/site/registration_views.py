"""Staff verify registrations that grant rights (a recognised supervisor register lets its
holder sign reflection statements). In the site app: staff is a role, and roles sit above
accounts."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts import actions
from kring.accounts.http import AuthenticatedRequest
from kring.accounts.models import Registration
from kring.core.http import attempt, get_in_scope
from kring.groups.roles import is_staff


def _waiting(request: AuthenticatedRequest) -> QuerySet[Registration]:
    if not is_staff(request.user):
        raise Http404
    return (Registration.objects.filter(register__recognised_supervisor=True, verified_at__isnull=True)
            .select_related("person", "register").order_by("created_at"))


@login_required
def registrations(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "site/registrations.html", {"registrations": _waiting(request)})


@login_required
@require_POST
def decide(request: AuthenticatedRequest, registration_id: str) -> HttpResponse:
    registration = get_in_scope(_waiting(request), pk=registration_id)
    if request.POST.get("decision") == "verify":
        attempt(request, lambda: actions.verify_registration(request.user, registration),
                success=_("The registration has been verified."))
    else:
        attempt(request, lambda: actions.reject_registration(request.user, registration),
                success=_("The registration has been removed."))
    return redirect("registrations:list")
