"""A person's own overview (progress, evidence, costs, outcomes), exports, evidence
downloads and the public verification page."""
from __future__ import annotations

import io
import zipfile
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.audit.actions import log_access
from kring.core.http import attempt, get_in_scope
from kring.groups.queries import get_circle_group
from kring.groups.roles import MEMBER, groups_where
from kring.reports import actions, charts, events, evidence, money, progress, queries
from kring.reports.exports import attendance_csv
from kring.reports.forms import CertificateForm, CycleForm, PeriodForm, VerifyForm
from kring.reports.models import Evidence


@login_required
def me(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    registrations = list(person.registrations.select_related("register"))
    costs = []
    for group in groups_where(MEMBER, person).select_related("fee"):
        if getattr(group, "fee", None) is not None:
            rows, total = money.share_of(person, group)
            costs.append({"group": group, "rows": rows, "total": total, "fee": group.fee})
    own = charts.own_scores(person)
    today = timezone.localdate()
    ctx = {
        "progress": [(progress.progress(r, today), CycleForm(prefix=str(r.pk))) for r in registrations],
        "lines": progress.lines_of(person), "evidence": queries.my_evidence(person), "costs": costs,
        "certificate_form": CertificateForm(person=person, initial={"start": date(today.year, 1, 1), "end": today}),
        "period_form": PeriodForm(initial={"start": date(today.year, 1, 1), "end": today}),
        "own_chart": charts.line_chart(_("My outcomes over time"), own, charts.OUTCOMES) if own else None,
    }
    return render(request, "reports/me.html", ctx)


@login_required
@require_POST
def me_cycle(request: AuthenticatedRequest, registration_id: str) -> HttpResponse:
    registration = get_in_scope(request.user.registrations.all(), pk=registration_id)
    form = CycleForm(request.POST, prefix=str(registration.pk))
    if form.is_valid():
        attempt(request, lambda: actions.set_cycle_start(request.user, registration, form.cleaned_data["starts_on"]),
                success=_("Your cycle has been saved."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("reports:me")


@login_required
@require_POST
def me_certificate(request: AuthenticatedRequest) -> HttpResponse:
    form = CertificateForm(request.POST, person=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a register and a valid period."))
        return redirect("reports:me")
    doc = attempt(request, lambda: evidence.issue_certificate(
        request.user, form.cleaned_data["registration"], form.cleaned_data["start"], form.cleaned_data["end"])).value
    if doc is None:
        return redirect("reports:me")
    return redirect("reports:evidence", doc.pk)


@login_required
@require_POST
def me_cost_statement(request: AuthenticatedRequest, group_id: str) -> HttpResponse:
    group = get_circle_group(request.user, group_id)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid period."))
        return redirect("reports:me")
    doc = attempt(request, lambda: evidence.issue_cost_statement(
        request.user, group, form.cleaned_data["start"], form.cleaned_data["end"])).value
    if doc is None:
        return redirect("reports:me")
    return redirect("reports:evidence", doc.pk)


@login_required
def evidence_download(request: AuthenticatedRequest, evidence_id: str) -> HttpResponse:
    doc = get_in_scope(Evidence.objects.filter(issued_to=request.user), pk=evidence_id)
    log_access(events.EVIDENCE_READ, request.user, doc, subject=doc.issued_to)
    response = HttpResponse(bytes(doc.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return response


@login_required
def me_csv(request: AuthenticatedRequest) -> HttpResponse:
    return attendance_csv("kring-aanwezigheid.csv", progress.lines_of(request.user))


@login_required
def me_zip(request: AuthenticatedRequest) -> HttpResponse:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in Evidence.objects.filter(issued_to=request.user).order_by("created_at"):
            archive.writestr(f"{doc.created_at:%Y%m%d}-{doc.code}-{doc.filename}", bytes(doc.pdf))
    log_access(events.EVIDENCE_EXPORTED, request.user, None, subject=request.user)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="kring-bewijs.zip"'
    return response


def verify(request: HttpRequest) -> HttpResponse:
    """Public: confirms a code, who it was issued to and when; nothing else."""
    form = VerifyForm(request.GET or None)
    result, checked = None, False
    if form.is_valid():
        checked = True
        result = evidence.verify(form.cleaned_data["code"])
    return render(request, "reports/verify.html", {"form": form, "result": result, "checked": checked})
