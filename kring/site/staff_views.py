"""Staff's pages for running an installation: create organisations of each kind and appoint
their coordinators (by e-mail invitation). Not the Django admin: these go through the
same actions, with their checks and audit entries, as everything else."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt, get_in_scope
from kring.groups import org_actions, queries
from kring.groups.forms import InviteForm, OrganisationForm
from kring.groups.org_views import sent_message
from kring.groups.roles import staff_organisations
from kring.organisations.models import Organisation, OrgRole
from kring.site.outbox_views import require_staff


@login_required
def organisations(request: AuthenticatedRequest) -> HttpResponse:
    require_staff(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(request, lambda: org_actions.create_organisation(
            request.user, data["name"], data["kind"], data["city"]), form=form,
            success=_created(data["name"]))
        if created.value is not None:
            return redirect("staff:organisation", created.value.pk)
    ctx = {"form": form, "organisations": staff_organisations(request.user)}
    return render(request, "site/staff/organisations.html", ctx, status=422 if form.errors else 200)


def _created(name: str) -> str:
    return _("%(name)s has been created. Now appoint its first coordinator.") % {"name": name}


def _page(request: AuthenticatedRequest, org: Organisation, form: InviteForm, status: int = 200) -> HttpResponse:
    ctx = {"org": org, "form": form, "coordinators": queries.org_memberships(org).filter(role=OrgRole.COORDINATOR),
           "invitations": queries.pending_invitations(org)}
    return render(request, "site/staff/organisation.html", ctx, status=status)


@login_required
def organisation(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    require_staff(request)
    org = get_in_scope(staff_organisations(request.user), pk=org_id)
    if request.method != "POST":
        return _page(request, org, InviteForm(roles=[OrgRole.COORDINATOR]))
    form = InviteForm(request.POST, roles=[OrgRole.COORDINATOR])
    if form.is_valid():
        email = form.cleaned_data["email"]
        if attempt(request, lambda: org_actions.invite(request.user, org, email, OrgRole.COORDINATOR), form=form,
                   success=sent_message(email)).ok:
            return redirect("staff:organisation", org.pk)
    return _page(request, org, form, status=422)
