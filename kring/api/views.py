"""Pages for tokens and webhooks: personal tokens on the profile page, organisation
tokens, webhooks and their delivery log for coordinators."""
from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.api import actions, queries
from kring.api.forms import TokenForm, WebhookForm
from kring.core.http import attempt, get_in_scope
from kring.organisations.models import Organisation


def _created(request: AuthenticatedRequest, form: TokenForm, organisation: Organisation | None) -> HttpResponse | None:
    """Make the token and show its secret on this one page: it is never shown again."""
    done = attempt(request, lambda: actions.create_token(
        request.user, name=form.cleaned_data["name"], scopes_chosen=form.cleaned_data["scopes"],
        days=form.cleaned_data["days"], organisation=organisation), form=form)
    if not done.ok or done.value is None:
        return None
    token, secret = done.value
    response = render(request, "api/token_created.html", {"token": token, "secret": secret, "organisation": organisation})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def create_token(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        shown = _created(request, form, None)
        if shown is not None:
            return shown
    return render(request, "api/token_form.html", {"form": form, "organisation": None},
                  status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def revoke_token(request: AuthenticatedRequest, token_id: UUID) -> HttpResponse:
    token = get_in_scope(queries.revocable_tokens(request.user), pk=token_id)
    attempt(request, lambda: actions.revoke_token(request.user, token), success=_("The token has been revoked."))
    if token.organisation_id is not None:
        return redirect("api:organisation", token.organisation_id)
    return redirect("accounts:profile")


@login_required
def organisation(request: AuthenticatedRequest, org_id: UUID) -> HttpResponse:
    org = queries.get_managed_organisation(request.user, org_id)
    token_form = TokenForm(request.POST if request.POST.get("form") == "token" else None, organisation=True)
    hook_form = WebhookForm(request.POST if request.POST.get("form") == "webhook" else None)
    if request.method == "POST":
        if token_form.is_bound and token_form.is_valid():
            shown = _created(request, token_form, org)
            if shown is not None:
                return shown
        elif hook_form.is_bound and hook_form.is_valid() and attempt(request, lambda: actions.create_webhook(
                request.user, org, url=hook_form.cleaned_data["url"], events_chosen=hook_form.cleaned_data["events"]),
                form=hook_form, success=_("The webhook has been added.")).ok:
            return redirect("api:organisation", org.pk)
    return render(request, "api/organisation.html", {
        "org": org, "token_form": token_form, "hook_form": hook_form,
        "tokens": queries.organisation_tokens(org), "webhooks": queries.webhooks(org), "deliveries": queries.deliveries(org),
    }, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def remove_webhook(request: AuthenticatedRequest, webhook_id: UUID) -> HttpResponse:
    hook = queries.get_managed_webhook(request.user, webhook_id)
    attempt(request, lambda: actions.remove_webhook(request.user, hook), success=_("The webhook has been removed."))
    return redirect("api:organisation", hook.organisation_id)
