from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts import actions
from kring.accounts.forms import ProfileForm, RegistrationForm, RelationForm
from kring.accounts.models import User
from kring.core.errors import Refused
from kring.core.http import get_in_scope


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = request.user
    # Bind to a copy: a refused save must not show unsaved values as if they were stored.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(person, **{k: form.cleaned_data[k] for k in actions.PROFILE_FIELDS})
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {
        "form": form,
        "registration_form": RegistrationForm(),
        "registrations": person.registrations.select_related("register"),
    })


@login_required
@require_POST
def add_registration(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_registration(request.user, form.cleaned_data["register"], form.cleaned_data["number"])
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your registration has been added."))
    else:
        messages.error(request, _("Choose a register and fill in your registration number."))
    return redirect("accounts:profile")


@login_required
@require_POST
def remove_registration(request: HttpRequest, registration_id: str) -> HttpResponse:
    registration = get_in_scope(request.user.registrations.all(), pk=registration_id)
    actions.remove_registration(request.user, registration)
    messages.success(request, _("Your registration has been removed."))
    return redirect("accounts:profile")


@login_required
def relations(request: HttpRequest) -> HttpResponse:
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if other is None:
            form.add_error("email", _("There is no one with this e-mail address in Kring."))
        else:
            try:
                actions.declare_relation(request.user, other, form.cleaned_data["kind"])
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The relation has been recorded. Kring will keep you two out of one group."))
                return redirect("accounts:relations")
    declared = request.user.declared_relations.select_related("other")
    return render(request, "accounts/relations.html", {"form": form, "relations": declared})


@login_required
@require_POST
def withdraw_relation(request: HttpRequest, relation_id: str) -> HttpResponse:
    relation = get_in_scope(request.user.declared_relations.all(), pk=relation_id)
    actions.withdraw_relation(request.user, relation)
    messages.success(request, _("The relation has been withdrawn."))
    return redirect("accounts:relations")
