"""Pages of one meeting: report, attendance and evaluation (circle only)."""
from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt, get_in_scope
from kring.groups.roles import circle_people, reach
from kring.meetings.models import Meeting
from kring.reports import actions, evidence, hours, queries
from kring.reports.forms import EvaluationForm, LearningGoalsForm, LineForm, PartForm, ReportForm, SheetForm
from kring.reports.models import EvaluationMarker, Report, ReportCasePart
from kring.reports.record import load_record


def _facilitated_meeting(request: AuthenticatedRequest, meeting_id: str) -> Meeting:
    """A meeting of the person's own circle (else 404) that they facilitate (else 403)."""
    m = queries.get_circle_meeting(request.user, meeting_id)
    if not reach(request.user, m.group).facilitator:
        raise PermissionDenied
    return m


def _editable_report(request: AuthenticatedRequest, meeting_id: str) -> tuple[Meeting, Report]:
    """A meeting of the person's own circle (else 404) whose report they may edit (else 403)."""
    m = queries.get_circle_meeting(request.user, meeting_id)
    rep = queries.report_of(m)
    if rep is None or not queries.can_edit_report(request.user, rep):
        raise PermissionDenied
    return m, rep


@login_required
def meeting(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = queries.get_circle_meeting(request.user, meeting_id)
    group = m.group
    group_reach = reach(request.user, group)
    sheet = queries.sheet_of(m)
    own_line = queries.own_line(request.user, sheet)
    report = queries.report_of(m)
    ctx: dict[str, object] = {
        "meeting": m, "group": group, "report": report, "sheet": sheet,
        "report_readable": report is not None and queries.may_read(request.user, report) is not None,
        "awaiting_me": report is not None and queries.awaiting_my_approval(request.user).filter(report=report).exists(),
        "facilitator": group_reach.facilitator, "member": group_reach.member,
        "own_line": own_line,
        "evaluated": EvaluationMarker.objects.filter(meeting=m, person=request.user).exists(),
    }
    if own_line is not None:
        ctx["own_net"] = hours.net_minutes(own_line, own_line.sheet)
    return render(request, "reports/meeting.html", ctx)


@login_required
def report(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = queries.get_circle_meeting(request.user, meeting_id)
    rep = queries.report_of(m)
    reading = queries.read_report(request.user, rep) if rep is not None else None
    if rep is not None and reading is None:
        raise PermissionDenied  # a draft, and nothing in it is hers to read yet
    parts = reading.parts if reading else []
    ctx = {"meeting": m, "group": m.group, "report": rep, "parts": parts, "whole": reading is not None and reading.whole,
           "facilitator": reach(request.user, m.group).facilitator,
           "can_edit": rep is not None and queries.can_edit_report(request.user, rep),
           "all_approved": all(p.approved_at for p in parts)}
    return render(request, "reports/report.html", ctx)


@login_required
@require_POST
def report_draft(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = _facilitated_meeting(request, meeting_id)
    if not attempt(request, lambda: actions.draft_report(request.user, m, load_record(m)),
                   success=_("The report has been drafted from the meeting record. Check and complete it.")).ok:
        return redirect("reports:report", m.pk)
    return redirect("reports:report_edit", m.pk)


@login_required
def report_edit(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m, rep = _editable_report(request, meeting_id)
    queries.read_report(request.user, rep)
    people = circle_people(m.group).order_by("name")
    data = request.POST if request.method == "POST" else None
    initial = {"version": rep.version, "summary": rep.summary, "phases": rep.phases, "yields": rep.yields,
               "note_taker": rep.note_taker_id}
    form = ReportForm(data, initial=initial, people=people,
                      can_choose_note_taker=reach(request.user, m.group).facilitator)
    parts = list(rep.parts.select_related("bringer"))
    part_forms = [(p, PartForm(data, prefix=str(p.pk), initial={f: getattr(p, f) for f in actions.PART_FIELDS})) for p in parts]
    if data is not None and form.is_valid() and all(f.is_valid() for _p, f in part_forms) and attempt(
        request,
        lambda: actions.update_report(
            request.user, rep, version=form.cleaned_data["version"], summary=form.cleaned_data["summary"],
            phases=form.cleaned_data["phases"], yields=form.cleaned_data["yields"],
            note_taker=form.cleaned_data.get("note_taker", rep.note_taker),
            parts={str(p.pk): f.cleaned_data for p, f in part_forms},
        ),
        form=form, success=_("The report has been saved."),
    ).ok:
        return redirect("reports:report", m.pk)
    status = 422 if data is not None else 200
    return render(request, "reports/report_edit.html",
                  {"meeting": m, "group": m.group, "report": rep, "form": form, "part_forms": part_forms}, status=status)


@login_required
@require_POST
def report_approve(request: AuthenticatedRequest, meeting_id: str, part_id: str) -> HttpResponse:
    m = queries.get_circle_meeting(request.user, meeting_id)
    part = get_in_scope(ReportCasePart.objects.filter(report__meeting=m), pk=part_id)
    if part.bringer_id != request.user.pk:
        raise PermissionDenied
    attempt(request, lambda: actions.approve_part(request.user, part), success=_("You approved the part about your case."))
    return redirect("reports:report", m.pk)


@login_required
@require_POST
def report_send(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m, rep = _editable_report(request, meeting_id)
    attempt(request, lambda: actions.send_report(request.user, rep), success=_("The report has been sent to the group."))
    return redirect("reports:report", m.pk)


def _at(sheet_start: datetime, value: time | None) -> datetime | None:
    """A time of day on the meeting's (local) day."""
    if value is None:
        return None
    day = timezone.localtime(sheet_start).date()
    return timezone.make_aware(datetime.combine(day, value))


@login_required
def attendance(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = queries.get_circle_meeting(request.user, meeting_id)
    facilitator = reach(request.user, m.group).facilitator
    if request.method == "POST" and not facilitator:
        raise PermissionDenied
    sheet = queries.sheet_of(m)
    if sheet is None or not facilitator:
        line = queries.own_line(request.user, sheet)
        ctx = {"meeting": m, "group": m.group, "sheet": sheet, "facilitator": facilitator, "line": line,
               "net": hours.net_minutes(line, line.sheet) if line else 0,
               "goals_form": LearningGoalsForm(initial={"learning_goals": line.learning_goals}) if line else None}
        return render(request, "reports/attendance.html", ctx)
    data = request.POST if request.method == "POST" else None
    lines = list(sheet.lines.select_related("person"))
    local = timezone.localtime
    history = queries.sheet_history(sheet)
    # The reason given for times outside the meeting's stands until the facilitator changes it.
    reason = next((change.reason for change in reversed(history) if change.reason), "")
    form = SheetForm(data, initial={"started_at": local(sheet.started_at), "ended_at": local(sheet.ended_at),
                                    "break_minutes": sheet.break_minutes, "topics": sheet.topics, "reason": reason})
    line_forms = [(line, LineForm(data, prefix=str(line.pk), initial={
        "status": line.status, "mode": line.mode,
        "present_from": local(line.present_from).time() if line.present_from else None,
        "present_until": local(line.present_until).time() if line.present_until else None,
    })) for line in lines]
    if data is not None and form.is_valid() and all(f.is_valid() for _l, f in line_forms):
        start = form.cleaned_data["started_at"]
        confirm = "confirm" in data
        if attempt(
            request,
            lambda: actions.update_attendance(
                request.user, sheet, started_at=start, ended_at=form.cleaned_data["ended_at"],
                break_minutes=form.cleaned_data["break_minutes"], topics=form.cleaned_data["topics"],
                lines={str(line.pk): {**f.cleaned_data, "present_from": _at(start, f.cleaned_data["present_from"]),
                                      "present_until": _at(start, f.cleaned_data["present_until"])} for line, f in line_forms},
                confirm=confirm, reason=form.cleaned_data["reason"], record=load_record(m),
            ),
            form=form, success=_("The attendance has been confirmed.") if confirm else _("The attendance has been saved."),
        ).ok:
            saved = queries.sheet_of(m)
            if saved is not None and sheet.is_confirmed and not saved.is_confirmed:
                messages.warning(request, _("The attendance was confirmed before this change: confirm it again, "
                                            "so that it counts for certificates."))
            return redirect("reports:attendance", m.pk)
    rows = [(line, f, hours.net_minutes(line, sheet)) for line, f in line_forms]
    return render(request, "reports/attendance.html", {
        "meeting": m, "group": m.group, "sheet": sheet, "facilitator": True, "form": form, "rows": rows,
        "history": history,
    }, status=422 if data is not None else 200)


@login_required
@require_POST
def attendance_start(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = _facilitated_meeting(request, meeting_id)
    attempt(request, lambda: actions.prepare_sheet(request.user, m, load_record(m)))
    return redirect("reports:attendance", m.pk)


@login_required
@require_POST
def attendance_goals(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = queries.get_circle_meeting(request.user, meeting_id)
    line = queries.own_line(request.user, queries.sheet_of(m))
    if line is None:
        raise PermissionDenied
    form = LearningGoalsForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.set_learning_goals(request.user, line, form.cleaned_data["learning_goals"]),
                success=_("Your learning goals have been saved."))
    else:
        messages.error(request, _("Your learning goals are too long."))
    return redirect("reports:attendance", m.pk)


@login_required
@require_POST
def attendance_list_pdf(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = _facilitated_meeting(request, meeting_id)
    doc = attempt(request, lambda: evidence.issue_attendance_list(request.user, m)).value
    if doc is None:
        return redirect("reports:attendance", m.pk)
    return redirect("reports:evidence", doc.pk)


@login_required
def evaluate(request: AuthenticatedRequest, meeting_id: str) -> HttpResponse:
    m = queries.get_circle_meeting(request.user, meeting_id)
    if not reach(request.user, m.group).member:
        raise PermissionDenied
    answered = EvaluationMarker.objects.filter(meeting=m, person=request.user).exists()
    form = EvaluationForm(request.POST if request.method == "POST" and not answered else None)
    if request.method == "POST" and not answered and form.is_valid():
        scores = {k: form.cleaned_data[k] for k in actions.SCORES}
        if attempt(request, lambda: actions.answer_evaluation(request.user, m, scores, form.cleaned_data["comment"]), form=form,
                   success=_("Thank you. Your answer has been stored without your name.")).ok:
            return redirect("reports:meeting", m.pk)
    status = 422 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "reports/evaluate.html", {"meeting": m, "group": m.group, "form": form, "answered": answered}, status=status)
