"""Offers, applications, CSV import and facilitator capacity. The formation run pages are
in run_views.py. Outside your reach is 404; visible but not yours to manage is 403."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt, get_in_scope
from kring.formation import actions, csvimport, queries
from kring.formation.capacity import free_groups, groups_in_year
from kring.formation.forms import ApplicationForm, CapacityForm, DecisionForm, ImportForm, OfferForm
from kring.formation.models import Application, ApplicationStatus, Offer
from kring.groups.roles import coordinated_organisations, org_reach
from kring.organisations.models import Organisation, OrgMembership

PAGE_SIZE = 100
WITHDRAWN_OR_PLACED = (ApplicationStatus.WITHDRAWN, ApplicationStatus.PLACED)


def managed_offer(request: AuthenticatedRequest, offer_id: UUID) -> Offer:
    offer = queries.get_offer(request.user, offer_id)
    if not queries.can_manage_offer(request.user, offer):
        raise PermissionDenied
    return offer


@login_required
def offer_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "formation/offer_list.html", {
        "offers": queries.visible_offers(request.user),
        "can_create": coordinated_organisations(request.user).exists(),
    })


def _offer_form_page(request: AuthenticatedRequest, form: OfferForm, offer: Offer | None, organisations: list[Organisation] | None,
                     status: int = 200) -> HttpResponse:
    return render(request, "formation/offer_form.html", {"form": form, "offer": offer, "organisations": organisations}, status=status)


@login_required
def offer_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = list(coordinated_organisations(request.user))
    if not organisations:
        raise PermissionDenied
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        org = next((o for o in organisations if str(o.pk) == request.POST.get("organisation", "")), None)
        valid = form.is_valid()
        if org is None:
            form.add_error(None, _("Choose one of your organisations."))
        if valid and org is not None:
            offer = attempt(request, lambda: actions.create_offer(request.user, org, **form.cleaned_data), form=form,
                            success=_("The offer has been created.")).value
            if offer is not None:
                return redirect("formation:offer_detail", offer.pk)
        return _offer_form_page(request, form, None, organisations, status=422)
    return _offer_form_page(request, form, None, organisations)


@login_required
def offer_edit(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    offer = managed_offer(request, offer_id)
    form = OfferForm(request.POST if request.method == "POST" else None, instance=Offer.objects.get(pk=offer.pk))
    if request.method == "POST":
        if form.is_valid() and attempt(request, lambda: actions.update_offer(request.user, offer, **form.cleaned_data), form=form,
                                       success=_("The offer has been saved.")).ok:
            return redirect("formation:offer_detail", offer.pk)
        return _offer_form_page(request, form, offer, None, status=422)
    return _offer_form_page(request, form, offer, None)


@login_required
def offer_detail(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    offer = queries.get_offer(request.user, offer_id)
    manage = queries.can_manage_offer(request.user, offer)
    application = queries.own_application(request.user, offer)
    ctx: dict[str, Any] = {
        "offer": offer, "manage": manage, "application": application,
        "can_withdraw": application is not None and application.status not in WITHDRAWN_OR_PLACED,
        "can_apply": offer.is_open and (application is None or application.status == ApplicationStatus.WITHDRAWN),
    }
    if manage:
        counts = dict.fromkeys(ApplicationStatus.values, 0)
        for status in offer.applications.values_list("status", flat=True):
            counts[status] += 1
        ctx["counts"] = [(ApplicationStatus(s).label, n) for s, n in counts.items()]
        ctx["runs"] = queries.runs_of(offer)[:10]
    return render(request, "formation/offer_detail.html", ctx)


def _initial_application(request: AuthenticatedRequest, offer: Offer) -> dict[str, Any]:
    person = request.user
    membership = OrgMembership.objects.filter(person=person, organisation=offer.organisation).first()
    return {
        "role": person.role, "discipline": person.discipline, "experience_years": person.experience_years,
        "team": membership.team if membership else "", "municipality": membership.municipality if membership else "",
        "organisation_name": offer.organisation.name,
    }


@login_required
def apply(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    offer = queries.get_offer(request.user, offer_id)
    existing = queries.own_application(request.user, offer)
    if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
        messages.info(request, _("You have already applied for this offer."))
        return redirect("formation:offer_detail", offer.pk)
    form = ApplicationForm(request.POST if request.method == "POST" else None, offer=offer, initial=_initial_application(request, offer))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            keep_apart, kind = data.pop("keep_apart", []), data.pop("relation_kind", "")
            if attempt(request, lambda: actions.apply(request.user, offer, keep_apart=keep_apart, relation_kind=kind, **data), form=form,
                       success=_("Thank you: your application has been received.")).ok:
                return redirect("formation:offer_detail", offer.pk)
    return render(request, "formation/apply.html", {"offer": offer, "form": form}, status=status)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    """The applicant takes back their own application (404 for anyone without one)."""
    offer = queries.get_offer(request.user, offer_id)
    application = get_in_scope(Application.objects.filter(offer=offer, person=request.user))
    attempt(request, lambda: actions.withdraw(request.user, application), success=_("Your application has been withdrawn."))
    return redirect("formation:offer_detail", offer.pk)


@login_required
def applications(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    offer = managed_offer(request, offer_id)
    wanted = request.GET.get("status", "")
    rows = queries.applications(offer)
    if wanted in ApplicationStatus.values:
        rows = rows.filter(status=wanted)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "formation/applications.html", {
        "offer": offer, "page": page, "wanted": wanted, "statuses": ApplicationStatus.choices,
        "waiting": queries.waiting_list(offer)[:PAGE_SIZE],
    })


@login_required
@require_POST
def decide(request: AuthenticatedRequest, offer_id: UUID, application_id: UUID) -> HttpResponse:
    offer = managed_offer(request, offer_id)
    application = get_in_scope(offer.applications.all(), pk=application_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, decline or waiting list."))
    else:
        status = form.cleaned_data["status"]
        attempt(request, lambda: actions.decide(request.user, application, status),
                success=_("%(name)s: %(status)s.") % {"name": application.name, "status": ApplicationStatus(status).label})
    # Back to the same filtered page of the list the coordinator was working through.
    keep = {k: request.POST[f] for k, f in (("status", "status_filter"), ("page", "page")) if request.POST.get(f, "").isalnum()}
    return redirect(reverse("formation:applications", args=[offer.pk]) + (f"?{urlencode(keep)}" if keep else ""))


@login_required
def import_applicants(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    offer = managed_offer(request, offer_id)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > csvimport.MAX_BYTES:
                form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": csvimport.MAX_BYTES // (1024 * 1024)})
            else:
                result = attempt(request, lambda: actions.import_applicants(request.user, offer, upload.read(), accept=form.cleaned_data["accept"]),
                                 form=form).value
                if result is not None and result.ok:
                    messages.success(request, ngettext("%(n)d applicant has been imported.", "%(n)d applicants have been imported.",
                                                       len(result.rows)) % {"n": len(result.rows)})
                    return redirect("formation:applications", offer.pk)
    return render(request, "formation/import.html", {
        "offer": offer, "form": form, "result": result, "header": ",".join(csvimport.COLUMNS),
    }, status=status)


@login_required
def capacity(request: AuthenticatedRequest, org_id: UUID) -> HttpResponse:
    org = queries.get_visible_organisation(request.user, org_id)
    if not org_reach(request.user, org).can_manage:
        raise PermissionDenied
    facilitators = list(queries.facilitators_of(org))
    existing = {c.person_id: c for c in queries.capacities(org)}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        person = next((p for p in facilitators if str(p.pk) == request.POST.get("person", "")), None)
        form = CapacityForm(request.POST)
        if person is None:
            messages.error(request, _("Choose one of the facilitators of this organisation."))
        elif form.is_valid() and attempt(request, lambda: actions.set_capacity(request.user, org, person, **form.cleaned_data), form=form,
                                         success=_("The capacity of %(name)s has been saved.") % {"name": person.name}).ok:
            return redirect("formation:capacity", org.pk)
        else:  # the form's errors, or what the action refused (on the form too)
            errors[str(person.pk)] = [str(e) for errs in form.errors.values() for e in errs]
        status = 422
    rows = []
    for facilitator in facilitators:
        cap = existing.get(facilitator.pk)
        posted = str(facilitator.pk) in errors  # show what was posted for the one that failed
        rows.append({
            "person": facilitator,
            "capacity": cap,
            "per_year": request.POST.get("groups_per_year") if posted else (cap.groups_per_year if cap else 2),
            "this_year": groups_in_year(cap) if cap else 0,
            "free": free_groups(cap) if cap else 0,
            "slots": request.POST.get("availability") if posted else (", ".join(cap.availability) if cap else ""),
            "errors": errors.get(str(facilitator.pk), []),
        })
    offer_slots = sorted({(s, offer.slot_label(s)) for offer in org.offers.all() for s in offer.slots})
    return render(request, "formation/capacity.html", {"org": org, "rows": rows, "offer_slots": offer_slots}, status=status)
