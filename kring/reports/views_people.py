"""A person's own overview (progress, evidence, costs, outcomes), exports, evidence
downloads and the public verification page."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.actions import log_access
from kring.core.errors import Refused
from kring.core.http import get_in_scope
from kring.groups.queries import get_circle_group
from kring.groups.roles import MEMBER, groups_where
from kring.reports import actions, charts, evidence, hours, money, progress, queries
from kring.reports.forms import CertificateForm, CycleForm, PeriodForm, VerifyForm
from kring.reports.models import Evidence
from kring.reports.views import _refused


def csv_cell(value: Any) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def attendance_rows(lines: list[Any]) -> list[list[str]]:
    rows = []
    for line in lines:
        sheet = line.sheet
        window = hours.presence_window(line, sheet)
        local = timezone.localtime
        rows.append([
            line.person.name, sheet.meeting.group.name, local(sheet.started_at).date().isoformat(),
            local(window[0]).strftime("%H:%M") if window else "", local(window[1]).strftime("%H:%M") if window else "",
            str(line.get_status_display()), str(line.get_mode_display()) if line.attended else "",
            str(hours.as_hours(hours.net_minutes(line, sheet))), _("yes") if sheet.is_confirmed else _("no"),
        ])
    return rows


def csv_response(filename: str, header: list[str], rows: list[list[str]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Dutch spreadsheets expect semicolons
    writer.writerow(header)
    writer.writerows([[csv_cell(c) for c in row] for row in rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def attendance_header() -> list[str]:
    return [_("Name"), _("Group"), _("Date"), _("From"), _("Until"), _("Attendance"), _("How"), _("Net hours"), _("Confirmed")]


@login_required
def me(request: HttpRequest) -> HttpResponse:
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
def me_cycle(request: HttpRequest, registration_id: str) -> HttpResponse:
    registration = get_in_scope(request.user.registrations.all(), pk=registration_id)
    form = CycleForm(request.POST, prefix=str(registration.pk))
    if form.is_valid():
        try:
            actions.set_cycle_start(request.user, registration, form.cleaned_data["starts_on"])
        except Refused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your cycle has been saved."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("reports:me")


@login_required
@require_POST
def me_certificate(request: HttpRequest) -> HttpResponse:
    form = CertificateForm(request.POST, person=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a register and a valid period."))
        return redirect("reports:me")
    try:
        doc = evidence.issue_certificate(request.user, form.cleaned_data["registration"], form.cleaned_data["start"], form.cleaned_data["end"])
    except Refused as exc:
        _refused(request, exc)
        return redirect("reports:me")
    return redirect("reports:evidence", doc.pk)


@login_required
@require_POST
def me_cost_statement(request: HttpRequest, group_id: str) -> HttpResponse:
    group = get_circle_group(request.user, group_id)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid period."))
        return redirect("reports:me")
    try:
        doc = evidence.issue_cost_statement(request.user, group, form.cleaned_data["start"], form.cleaned_data["end"])
    except Refused as exc:
        _refused(request, exc)
        return redirect("reports:me")
    return redirect("reports:evidence", doc.pk)


@login_required
def evidence_download(request: HttpRequest, evidence_id: str) -> HttpResponse:
    doc = get_in_scope(Evidence.objects.filter(issued_to=request.user), pk=evidence_id)
    log_access("kring.reports.evidence_read", request.user, doc, subject=doc.issued_to)
    response = HttpResponse(bytes(doc.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return response


@login_required
def me_csv(request: HttpRequest) -> HttpResponse:
    return csv_response("kring-aanwezigheid.csv", attendance_header(), attendance_rows(progress.lines_of(request.user)))


@login_required
def me_zip(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in Evidence.objects.filter(issued_to=request.user).order_by("created_at"):
            archive.writestr(f"{doc.created_at:%Y%m%d}-{doc.code}-{doc.filename}", bytes(doc.pdf))
    log_access("kring.reports.evidence_exported", request.user, None, subject=request.user)
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
