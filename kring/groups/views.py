from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts import throttle
from kring.accounts.http import AuthenticatedRequest
from kring.accounts.models import User
from kring.core.http import attempt, get_in_scope
from kring.groups import actions, queries, roles
from kring.groups.forms import AddByEmailForm, AddMemberForm, GroupForm, MailPolicyForm
from kring.groups.models import IntervisionGroup
from kring.groups.roles import coordinated_organisations


@login_required
def detail(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = queries.get_group(request.user, group_id)
    ctx = {
        "group": group,
        "reach": roles.reach(request.user, group),
        "memberships": queries.memberships(group),
        "member_count": queries.member_count(group),
    }
    return render(request, "groups/detail.html", ctx)


@login_required
def members(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = queries.get_group(request.user, group_id)
    reach = roles.reach(request.user, group)
    form = None
    if reach.can_manage:
        form = _add_form(group)
    ctx = {"group": group, "reach": reach, "memberships": queries.memberships(group), "form": form,
           "member_count": queries.member_count(group)}
    return render(request, "groups/members.html", ctx)


def _candidates(group: IntervisionGroup) -> QuerySet[User]:
    return (
        User.objects.filter(org_memberships__organisation=group.organisation, is_active=True)
        .exclude(group_memberships__group=group)
        .distinct()
        .order_by("name")
    )


def _add_form(group: IntervisionGroup, data: QueryDict | None = None) -> AddMemberForm | AddByEmailForm:
    if group.organisation_id:
        return AddMemberForm(data, candidates=_candidates(group))
    return AddByEmailForm(data)


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = list(coordinated_organisations(request.user))
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = None
        org_id = request.POST.get("organisation") or ""
        if org_id:
            org = next((o for o in organisations if str(o.pk) == org_id), None)
            if org is None:
                form.add_error(None, _("Choose one of your organisations."))
        if not form.errors:
            group = attempt(request, lambda: actions.create_group(request.user, org, **form.cleaned_data), form=form,
                            success=_("The group has been created.")).value
            if group is not None:
                return redirect("groups:detail", group.pk)
    return render(request, "groups/form.html", {"form": form, "organisations": organisations, "creating": True})


@login_required
def edit(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = queries.get_group(request.user, group_id)
    if not roles.reach(request.user, group).can_manage:
        raise PermissionDenied
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: actions.update_group(request.user, group, **form.cleaned_data), form=form,
            success=_("The group has been saved.")).ok:
        return redirect("groups:detail", group.pk)
    # A failed save must not leave the half-changed instance on screen as if it were stored.
    mail_form = None
    if roles.reach(request.user, group).can_set_mail_policy:
        mail_form = MailPolicyForm(initial={"full_text_in_mail": IntervisionGroup.objects.get(pk=group.pk).full_text_in_mail})
    return render(request, "groups/form.html", {"form": form, "group": group, "creating": False, "mail_form": mail_form})


@login_required
@require_POST
def mail_policy(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = queries.get_group(request.user, group_id)
    if not roles.reach(request.user, group).can_set_mail_policy:
        raise PermissionDenied
    form = MailPolicyForm(request.POST)
    if form.is_valid():  # a checkbox: every post is valid (absent means off)
        on = form.cleaned_data["full_text_in_mail"]
        attempt(request, lambda: actions.set_full_text_in_mail(request.user, group, on),
                success=_("Mail about this group now carries the full text.") if on
                else _("Mail about this group now carries titles, times and a link only."))
    return redirect("groups:edit", group.pk)


@login_required
@require_POST
def add_member(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = queries.get_group(request.user, group_id)
    reach = roles.reach(request.user, group)
    if not reach.can_manage:
        raise PermissionDenied
    form = _add_form(group, request.POST)
    if form.is_valid():
        person: User | None = form.cleaned_data.get("person")
        looked_up = True
        if person is None:
            found = attempt(request, lambda: throttle.find_person_by_email(request, form.cleaned_data["email"]), form=form)
            person, looked_up = found.value, found.ok
        if person is None:
            if looked_up:
                form.add_error("email", _("There is no one with this e-mail address in Kring."))
        else:
            chosen = person
            if attempt(request, lambda: actions.add_member(request.user, group, chosen, form.cleaned_data["role"]), form=form,
                       success=_("%(name)s has been added to the group.") % {"name": chosen.name}).ok:
                return redirect("groups:members", group.pk)
    ctx = {"group": group, "reach": reach, "memberships": queries.memberships(group), "form": form,
           "member_count": queries.member_count(group)}
    return render(request, "groups/members.html", ctx, status=422)


@login_required
@require_POST
def remove_member(request: AuthenticatedRequest, group_id: str, membership_id: str) -> HttpResponse:
    group = queries.get_group(request.user, group_id)
    if not roles.reach(request.user, group).can_manage:
        raise PermissionDenied
    membership = get_in_scope(group.memberships.all(), pk=membership_id)
    attempt(request, lambda: actions.remove_member(request.user, membership),
            success=_("%(name)s has been removed from the group.") % {"name": membership.person.name})
    return redirect("groups:members", group.pk)
