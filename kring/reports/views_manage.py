"""Pages of facilitators, coordinators and staff: costs, evaluations, reflection
statements, the coordinator's export and the register rules."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kring.accounts.http import AuthenticatedRequest
from kring.audit.actions import log_access
from kring.core.http import attempt, get_in_scope
from kring.groups.queries import get_circle_group, get_group
from kring.groups.roles import coordinated_organisations, is_staff, members, reach
from kring.reports import actions, charts, events, evidence, money
from kring.reports.exports import attendance_csv
from kring.reports.forms import FeeForm, PeriodForm, ReflectionForm, RuleForm
from kring.reports.models import Attendance, GroupFee, RegisterRule


@login_required
def group_costs(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = get_group(request.user, group_id)
    if not reach(request.user, group).can_manage:
        raise PermissionDenied
    fee = GroupFee.objects.filter(group=group).first()
    form = FeeForm(request.POST if request.method == "POST" else None, instance=fee)
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: actions.set_fee(request.user, group, **{k: form.cleaned_data[k] for k in actions.FEE_FIELDS}),
            form=form, success=_("The fee has been saved.")).ok:
        return redirect("reports:group_costs", group.pk)
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    ctx = {"group": group, "form": form, "period_form": period, "totals": money.totals(group, start, end) if fee else None,
           "charges": money.charges(group, start, end) if fee else [], "start": start, "end": end}
    return render(request, "reports/group_costs.html", ctx, status=422 if request.method == "POST" else 200)


@login_required
def group_evaluations(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = get_circle_group(request.user, group_id)
    if not reach(request.user, group).can_facilitate:
        raise PermissionDenied
    rows = charts.group_scores(group)
    shown = [r for r in rows if r.shown]
    for row in shown:
        if row.comments:  # anonymous: logged without a subject, or the log would name the authors
            log_access(events.EVALUATION_COMMENTS_READ, request.user, row.meeting, group=group)
    chart = charts.line_chart(_("Evaluations of %(group)s over time") % {"group": group.name}, shown, charts.METRICS) if shown else None
    return render(request, "reports/group_evaluations.html", {"group": group, "rows": rows, "chart": chart,
                                                               "min_answers": charts.MIN_ANSWERS})


@login_required
def group_reflection(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = get_circle_group(request.user, group_id)
    if not reach(request.user, group).can_facilitate:
        raise PermissionDenied
    form = ReflectionForm(request.POST if request.method == "POST" else None, members=members(group))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if attempt(request, lambda: evidence.sign_reflection(request.user, group, person, form.cleaned_data["start"], form.cleaned_data["end"]),
                   form=form,
                   success=_("You signed the reflection statement for %(name)s; it is in their evidence.") % {"name": person.name}).ok:
            return redirect("reports:group_reflection", group.pk)
    return render(request, "reports/group_reflection.html", {
        "group": group, "form": form, "supervisor": evidence.supervisor_registration(request.user),
    }, status=422 if request.method == "POST" else 200)


@login_required
def organisation_csv(request: AuthenticatedRequest, organisation_id: str) -> HttpResponse:
    org = get_in_scope(coordinated_organisations(request.user), pk=organisation_id)
    lines = list(
        Attendance.objects.filter(sheet__meeting__group__organisation=org)
        .select_related("person", "sheet__meeting__group").order_by("sheet__meeting__group__name", "sheet__started_at", "person__name")
    )
    log_access(events.ATTENDANCE_EXPORTED, request.user, org, on_behalf_of=org.name)
    return attendance_csv("kring-aanwezigheid-organisatie.csv", lines)


def _staff(request: AuthenticatedRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


@login_required
def rules(request: AuthenticatedRequest) -> HttpResponse:
    _staff(request)
    return render(request, "reports/rules.html", {"rules": RegisterRule.objects.select_related("register")})


@login_required
def rule_edit(request: AuthenticatedRequest, rule_id: str) -> HttpResponse:
    _staff(request)
    rule = get_in_scope(RegisterRule.objects.select_related("register"), pk=rule_id)
    form = RuleForm(request.POST if request.method == "POST" else None, instance=RegisterRule.objects.get(pk=rule.pk))
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: actions.update_rule(request.user, rule, form.rule_fields(), form.sources()), form=form,
            success=_("The rules of %(register)s have been saved.") % {"register": rule.register.name}).ok:
        return redirect("reports:rules")
    return render(request, "reports/rule_edit.html", {"rule": rule, "form": form}, status=422 if request.method == "POST" else 200)
