from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts import actions, throttle
from kring.accounts.forms import ProfileForm, RegistrationForm, RelationForm
from kring.accounts.http import AuthenticatedRequest
from kring.accounts.models import User
from kring.core.http import attempt, get_in_scope


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    person = request.user
    # Bind to a copy: a refused save must not show unsaved values as if they were stored.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in actions.PROFILE_FIELDS}
        if attempt(request, lambda: actions.update_profile(person, **fields), form=form,
                   success=_("Your profile has been saved.")).ok:
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {
        "form": form,
        "registration_form": RegistrationForm(),
        "registrations": person.registrations.select_related("register"),
    })


@login_required
@require_POST
def add_registration(request: AuthenticatedRequest) -> HttpResponse:
    form = RegistrationForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.add_registration(request.user, form.cleaned_data["register"], form.cleaned_data["number"]),
                success=_("Your registration has been added."))
    else:
        messages.error(request, _("Choose a register and fill in your registration number."))
    return redirect("accounts:profile")


@login_required
@require_POST
def remove_registration(request: AuthenticatedRequest, registration_id: str) -> HttpResponse:
    registration = get_in_scope(request.user.registrations.all(), pk=registration_id)
    attempt(request, lambda: actions.remove_registration(request.user, registration),
            success=_("Your registration has been removed."))
    return redirect("accounts:profile")


@login_required
def relations(request: AuthenticatedRequest) -> HttpResponse:
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = attempt(request, lambda: throttle.find_person_by_email(request, form.cleaned_data["email"]), form=form)
        other = found.value
        if found.ok and other is None:
            form.add_error("email", _("There is no one with this e-mail address in Kring."))
        elif other is not None and attempt(request, lambda: actions.declare_relation(request.user, other, form.cleaned_data["kind"]), form=form,
                     success=_("The relation has been recorded. Kring will keep you two out of one group.")).ok:
            return redirect("accounts:relations")
    declared = request.user.declared_relations.select_related("other")
    return render(request, "accounts/relations.html", {"form": form, "relations": declared})


@login_required
@require_POST
def withdraw_relation(request: AuthenticatedRequest, relation_id: str) -> HttpResponse:
    relation = get_in_scope(request.user.declared_relations.all(), pk=relation_id)
    attempt(request, lambda: actions.withdraw_relation(request.user, relation),
            success=_("The relation has been withdrawn."))
    return redirect("accounts:relations")
