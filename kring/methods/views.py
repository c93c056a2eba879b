from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.core.errors import Refused
from kring.groups.queries import get_group
from kring.groups.roles import reach
from kring.methods import actions, queries
from kring.methods.forms import MethodForm, PhaseForm
from kring.methods.models import Method


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    methods = queries.visible_methods(request.user).prefetch_related("phases")
    return render(request, "methods/list.html", {
        "builtin": [m for m in methods if m.builtin], "own": [m for m in methods if not m.builtin]})


@login_required
def detail(request: HttpRequest, method_id: str) -> HttpResponse:
    method = queries.get_method(request.user, method_id)
    return render(request, "methods/detail.html", {
        "method": method, "phases": method.phases.all(), "can_edit": queries.can_edit(request.user, method),
        "targets": queries.copy_targets(request.user)})


def _editable(request: HttpRequest, method_id: str) -> Method:
    method = queries.get_method(request.user, method_id)
    if not queries.can_edit(request.user, method):
        raise PermissionDenied
    return method


@login_required
@require_POST
def copy(request: HttpRequest, method_id: str) -> HttpResponse:
    method = queries.get_method(request.user, method_id)
    group = get_group(request.user, request.POST.get("group", ""))
    if not reach(request.user, group).can_manage:
        raise PermissionDenied
    try:
        new = actions.copy_method(request.user, method, group)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("methods:detail", method.pk)
    messages.success(request, _("The method has been copied for %(group)s. Adapt it below.") % {"group": group.name})
    return redirect("methods:edit", new.pk)


@login_required
def edit(request: HttpRequest, method_id: str) -> HttpResponse:
    method = _editable(request, method_id)
    form = MethodForm(request.POST or None, instance=Method.objects.get(pk=method.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_method(request.user, method, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except Refused as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(request, _("The method has been saved."))
            return redirect("methods:edit", method.pk)
    return render(request, "methods/edit.html", {"method": method, "form": form, "phases": method.phases.all()})


@login_required
@require_POST
def phase_add(request: HttpRequest, method_id: str) -> HttpResponse:
    method = _editable(request, method_id)
    try:
        phase = actions.add_phase(request.user, method)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("methods:edit", method.pk)
    return redirect("methods:phase_edit", method.pk, phase.pk)


@login_required
def phase_edit(request: HttpRequest, method_id: str, phase_id: str) -> HttpResponse:
    method = _editable(request, method_id)
    phase = queries.get_phase(method, phase_id)
    form = PhaseForm(request.POST or None, instance=method.phases.get(pk=phase.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_phase(request.user, phase, **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except Refused as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(request, _("The phase has been saved."))
            return redirect("methods:edit", method.pk)
    return render(request, "methods/phase_edit.html", {"method": method, "phase": phase, "form": form})


@login_required
@require_POST
def phase_delete(request: HttpRequest, method_id: str, phase_id: str) -> HttpResponse:
    method = _editable(request, method_id)
    try:
        actions.delete_phase(request.user, queries.get_phase(method, phase_id))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The phase has been removed."))
    return redirect("methods:edit", method.pk)


@login_required
@require_POST
def phase_move(request: HttpRequest, method_id: str, phase_id: str) -> HttpResponse:
    method = _editable(request, method_id)
    step = 1 if request.POST.get("step") == "down" else -1
    actions.move_phase(request.user, queries.get_phase(method, phase_id), step)
    return redirect("methods:edit", method.pk)
