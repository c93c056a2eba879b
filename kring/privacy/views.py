"""A person's own data (download, erasure request) and the staff page that carries out
erasure requests."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.audit.actions import log_access
from kring.core.http import attempt, get_in_scope
from kring.groups.roles import is_staff
from kring.privacy import actions, events, export, queries
from kring.privacy.forms import ConfirmErasureForm


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "privacy/mine.html", {
        "erasure_request": queries.own_erasure_request(request.user),
        "rules": queries.retention_rules(),
    })


@login_required
def download(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    log_access(events.DATA_EXPORTED, person, person, subject=person)
    response = HttpResponse(export.build_zip(person), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename()}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_erasure(request: AuthenticatedRequest) -> HttpResponse:
    attempt(request, lambda: actions.request_erasure(request.user),
            success=_("Your request has been sent. Once staff have carried it out, you can no longer sign in."))
    return redirect("privacy:mine")


@login_required
@require_POST
def withdraw_erasure(request: AuthenticatedRequest) -> HttpResponse:
    attempt(request, lambda: actions.withdraw_erasure(request.user), success=_("Your request has been withdrawn."))
    return redirect("privacy:mine")


def _require_staff(request: AuthenticatedRequest) -> None:
    if not is_staff(request.user):
        raise Http404


@login_required
def erasure_requests(request: AuthenticatedRequest) -> HttpResponse:
    _require_staff(request)
    pending = [(req, ConfirmErasureForm(prefix=str(req.pk))) for req in queries.open_erasure_requests(request.user)]
    return render(request, "privacy/erasure_requests.html", {"pending": pending})


@login_required
@require_POST
def confirm_erasure(request: AuthenticatedRequest, request_id: str) -> HttpResponse:
    _require_staff(request)
    req = get_in_scope(queries.open_erasure_requests(request.user), pk=request_id)
    form = ConfirmErasureForm(request.POST, prefix=str(req.pk))
    if form.is_valid():
        attempt(request, lambda: actions.confirm_erasure(request.user, str(req.pk), form.cleaned_data["email"]),
                success=_("The person's data has been erased."))
    else:
        messages.error(request, _("Type the person's e-mail address to confirm."))
    return redirect("privacy:erasure_requests")
