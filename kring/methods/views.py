from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt
from kring.groups.queries import get_group
from kring.groups.roles import reach
from kring.methods import actions, queries
from kring.methods.forms import MethodForm, PhaseForm
from kring.methods.models import Method


@login_required
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    methods = queries.visible_methods(request.user).prefetch_related("phases")
    return render(request, "methods/list.html", {
        "builtin": [m for m in methods if m.builtin], "own": [m for m in methods if not m.builtin]})


@login_required
def detail(request: AuthenticatedRequest, method_id: UUID) -> HttpResponse:
    method = queries.get_method(request.user, method_id)
    return render(request, "methods/detail.html", {
        "method": method, "phases": method.phases.all(), "can_edit": queries.can_edit(request.user, method),
        "targets": queries.copy_targets(request.user)})


def _editable(request: AuthenticatedRequest, method_id: UUID) -> Method:
    method = queries.get_method(request.user, method_id)
    if not queries.can_edit(request.user, method):
        raise PermissionDenied
    return method


@login_required
@require_POST
def copy(request: AuthenticatedRequest, method_id: UUID) -> HttpResponse:
    method = queries.get_method(request.user, method_id)
    group = get_group(request.user, request.POST.get("group", ""))
    if not reach(request.user, group).can_manage:
        raise PermissionDenied
    new = attempt(request, lambda: actions.copy_method(request.user, method, group),
                  success=_("The method has been copied for %(group)s. Adapt it below.") % {"group": group.name}).value
    if new is None:
        return redirect("methods:detail", method.pk)
    return redirect("methods:edit", new.pk)


@login_required
def edit(request: AuthenticatedRequest, method_id: UUID) -> HttpResponse:
    method = _editable(request, method_id)
    form = MethodForm(request.POST or None, instance=Method.objects.get(pk=method.pk))
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if attempt(request, lambda: actions.update_method(request.user, method, **fields), form=form,
                   success=_("The method has been saved.")).ok:
            return redirect("methods:edit", method.pk)
    return render(request, "methods/edit.html", {"method": method, "form": form, "phases": method.phases.all()})


@login_required
@require_POST
def phase_add(request: AuthenticatedRequest, method_id: UUID) -> HttpResponse:
    method = _editable(request, method_id)
    phase = attempt(request, lambda: actions.add_phase(request.user, method)).value
    if phase is None:
        return redirect("methods:edit", method.pk)
    return redirect("methods:phase_edit", method.pk, phase.pk)


@login_required
def phase_edit(request: AuthenticatedRequest, method_id: UUID, phase_id: UUID) -> HttpResponse:
    method = _editable(request, method_id)
    phase = queries.get_phase(method, phase_id)
    form = PhaseForm(request.POST or None, instance=method.phases.get(pk=phase.pk))
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if attempt(request, lambda: actions.update_phase(request.user, phase, **fields), form=form,
                   success=_("The phase has been saved.")).ok:
            return redirect("methods:edit", method.pk)
    return render(request, "methods/phase_edit.html", {"method": method, "phase": phase, "form": form})


@login_required
@require_POST
def phase_delete(request: AuthenticatedRequest, method_id: UUID, phase_id: UUID) -> HttpResponse:
    method = _editable(request, method_id)
    phase = queries.get_phase(method, phase_id)
    attempt(request, lambda: actions.delete_phase(request.user, phase), success=_("The phase has been removed."))
    return redirect("methods:edit", method.pk)


@login_required
@require_POST
def phase_move(request: AuthenticatedRequest, method_id: UUID, phase_id: UUID) -> HttpResponse:
    method = _editable(request, method_id)
    phase = queries.get_phase(method, phase_id)
    step = 1 if request.POST.get("step") == "down" else -1
    attempt(request, lambda: actions.move_phase(request.user, phase, step))
    return redirect("methods:edit", method.pk)
