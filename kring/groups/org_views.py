"""Organisation pages. They live in the groups area because what they show depends on
roles (``kring.groups.roles``), which sit above the organisations' own data."""
from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt, get_in_scope
from kring.groups import org_actions, queries
from kring.groups.forms import InviteForm, JoinForm, RoleForm
from kring.groups.roles import member_organisations, org_reach, own_org_memberships, visible_groups
from kring.organisations.models import Organisation, OrgMembership


@login_required
def org_list(request: AuthenticatedRequest) -> HttpResponse:
    ctx = {"organisations": member_organisations(request.user), "own": own_org_memberships(request.user)}
    return render(request, "organisations/list.html", ctx)


def _detail(request: AuthenticatedRequest, org: Organisation, invite_form: InviteForm | None = None,
            status: int = 200) -> HttpResponse:
    coordinator = org_reach(request.user, org).can_manage
    ctx = {
        "org": org,
        "coordinator": coordinator,
        "groups": visible_groups(request.user).filter(organisation=org),
        # Only coordinators see who belongs to the organisation and who is invited.
        "memberships": queries.org_memberships(org) if coordinator else None,
        "invitations": queries.pending_invitations(org) if coordinator else None,
        "invite_form": (invite_form or InviteForm()) if coordinator else None,
        "role_form": RoleForm() if coordinator else None,
    }
    return render(request, "organisations/detail.html", ctx, status=status)


@login_required
def org_detail(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    return _detail(request, get_in_scope(member_organisations(request.user), pk=org_id))


def sent_message(email: str) -> str:
    """The one answer to an invitation, for a known and an unknown address alike."""
    return _("An invitation has been sent to %(email)s.") % {"email": email}


@login_required
@require_POST
def invite(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    org = get_in_scope(member_organisations(request.user), pk=org_id)
    if not org_reach(request.user, org).can_manage:
        raise PermissionDenied
    form = InviteForm(request.POST)
    if form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        if attempt(request, lambda: org_actions.invite(request.user, org, email, role), form=form,
                   success=sent_message(email)).ok:
            return redirect("organisations:detail", org.pk)
    return _detail(request, org, form, status=422)


def _managed_membership(request: AuthenticatedRequest, org_id: str,
                        membership_id: str) -> tuple[Organisation, OrgMembership]:
    org = get_in_scope(member_organisations(request.user), pk=org_id)
    if not org_reach(request.user, org).can_manage:
        raise PermissionDenied
    return org, get_in_scope(queries.org_memberships(org), pk=membership_id)


@login_required
@require_POST
def change_role(request: AuthenticatedRequest, org_id: str, membership_id: str) -> HttpResponse:
    org, membership = _managed_membership(request, org_id, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _detail(request, org, status=422)
    attempt(request, lambda: org_actions.change_role(request.user, membership, form.cleaned_data["role"]),
            success=_("The role of %(name)s has been changed.") % {"name": membership.person.name})
    return redirect("organisations:detail", org.pk)


@login_required
@require_POST
def remove_role(request: AuthenticatedRequest, org_id: str, membership_id: str) -> HttpResponse:
    org, membership = _managed_membership(request, org_id, membership_id)
    attempt(request, lambda: org_actions.remove_role(request.user, membership),
            success=_("%(name)s no longer has this role.") % {"name": membership.person.name})
    return redirect("organisations:detail", org.pk)


@login_required
@require_POST
def leave(request: AuthenticatedRequest, membership_id: str) -> HttpResponse:
    membership = get_in_scope(own_org_memberships(request.user), pk=membership_id)
    attempt(request, lambda: org_actions.leave(request.user, membership),
            success=_("You have left %(org)s as %(role)s.") % {
                "org": membership.organisation.name, "role": membership.get_role_display()})
    return redirect("organisations:list")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation mail. Whoever holds it was sent it; it says nothing to
    anyone else (an unknown, used or expired token all give the same page)."""
    found = queries.open_invitation(token)
    if found is None:
        return render(request, "organisations/invitation.html", {"invalid": True}, status=404)
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != found.email:
            return render(request, "organisations/invitation.html", {"invitation": found, "other_account": True})
        if request.method == "POST":
            accepted = attempt(request, lambda: org_actions.accept_invitation(user, token),
                               success=_("Welcome to %(org)s.") % {"org": found.organisation.name})
            if accepted.ok:
                return redirect("organisations:detail", found.organisation_id)
        return render(request, "organisations/invitation.html", {"invitation": found})
    if queries.account_exists(found):
        return redirect_to_login(request.get_full_path())
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        joined = attempt(request, lambda: org_actions.join_by_invitation(
            token, data["name"], data["password1"], request.LANGUAGE_CODE), form=form,
            success=_("Welcome to %(org)s.") % {"org": found.organisation.name})
        if joined.ok and joined.value is not None:
            login(request, joined.value.person, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("organisations:detail", found.organisation_id)
    return render(request, "organisations/invitation.html", {"invitation": found, "form": form},
                  status=422 if form.errors else 200)
