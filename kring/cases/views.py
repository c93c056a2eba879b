from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.audit.actions import log_access
from kring.cases import actions, events, queries
from kring.cases.forms import CaseForm
from kring.cases.models import Case, CaseStatus
from kring.core.http import attempt, get_in_scope
from kring.groups.roles import reach
from kring.meetings.queries import circle_meetings


def _own_case(request: AuthenticatedRequest, case_id: UUID) -> Case:
    case = queries.get_case(request.user, case_id)
    if case.author_id != request.user.pk:
        raise PermissionDenied
    return case


@login_required
def submit(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    # Only the circle knows the case pages exist; for anyone else the meeting is not there.
    meeting = get_in_scope(circle_meetings(request.user), pk=meeting_id)
    if not reach(request.user, meeting.group).can_bring_case:
        raise PermissionDenied
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(request, lambda: actions.submit_case(request.user, meeting, **form.cleaned_data), form=form,
                       success=_("Your case has been submitted. You can change it until the digest goes out."))
        if done.value is not None:
            return redirect("cases:detail", done.value.pk)
    return render(request, "cases/form.html", {"form": form, "meeting": meeting, "open": queries.open_for_cases(meeting)},
                  status=422 if request.method == "POST" else 200)


@login_required
def detail(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    case = queries.get_case(request.user, case_id)
    log_access(events.CASE_READ, request.user, case, subject=case.author)
    can_change = (case.author_id == request.user.pk and case.status == CaseStatus.SUBMITTED
                  and queries.open_for_cases(case.meeting))
    return render(request, "cases/detail.html", {"case": case, "meeting": case.meeting, "can_change": can_change})


@login_required
def edit(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    case = _own_case(request, case_id)
    log_access(events.CASE_READ, request.user, case, subject=case.author)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        saved = attempt(request, lambda: actions.update_case(request.user, case, **form.cleaned_data), form=form,
                        success=_("Your case has been saved."))
        if saved.ok:
            return redirect("cases:detail", case.pk)
    return render(request, "cases/form.html", {"form": form, "meeting": case.meeting, "case": case,
                                               "open": queries.open_for_cases(case.meeting)},
                  status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, case_id: UUID) -> HttpResponse:
    case = _own_case(request, case_id)
    if not attempt(request, lambda: actions.withdraw_case(request.user, case), success=_("Your case has been withdrawn.")).ok:
        return redirect("cases:detail", case.pk)
    return redirect("meetings:detail", case.meeting_id)
