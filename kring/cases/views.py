from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.actions import log_access
from kring.cases import actions, queries
from kring.cases.forms import CaseForm
from kring.core.errors import Refused
from kring.core.http import get_in_scope
from kring.groups.roles import reach
from kring.meetings.queries import circle_meetings


def _refuse(form: CaseForm, exc: Refused) -> None:
    for msg in exc.messages:
        form.add_error(None, msg)


@login_required
def submit(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    # Only the circle knows the case pages exist; for anyone else the meeting is not there.
    meeting = get_in_scope(circle_meetings(request.user), pk=meeting_id)
    if not reach(request.user, meeting.group).can_bring_case:
        raise PermissionDenied
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.submit_case(request.user, meeting, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Your case has been submitted. You can change it until the digest goes out."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/form.html", {"form": form, "meeting": meeting, "open": queries.open_for_cases(meeting)},
                  status=422 if request.method == "POST" else 200)


@login_required
def detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = queries.get_case(request.user, case_id)
    log_access("kring.case.read", request.user, case, subject=case.author)
    can_change = case.author_id == request.user.pk and case.status == "submitted" and queries.open_for_cases(case.meeting)
    return render(request, "cases/detail.html", {"case": case, "meeting": case.meeting, "can_change": can_change})


@login_required
def edit(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = queries.get_case(request.user, case_id)
    if case.author_id != request.user.pk:
        raise PermissionDenied
    log_access("kring.case.read", request.user, case, subject=case.author)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(request.user, case, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Your case has been saved."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/form.html", {"form": form, "meeting": case.meeting, "case": case,
                                               "open": queries.open_for_cases(case.meeting)},
                  status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def withdraw(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = queries.get_case(request.user, case_id)
    if case.author_id != request.user.pk:
        raise PermissionDenied
    try:
        actions.withdraw_case(request.user, case)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("cases:detail", case.pk)
    messages.success(request, _("Your case has been withdrawn."))
    return redirect("meetings:detail", case.meeting_id)
