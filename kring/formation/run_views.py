"""The coordinator's formation flow: choose who to place, run the solver in the
background (a page that polls for progress), adjust the proposal, publish it."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt
from kring.formation import diagnosis, engine, queries, run_actions
from kring.formation.capacity import with_free_groups
from kring.formation.forms import RunForm
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, RunStatus
from kring.formation.views import managed_offer
from kring.groups.models import IntervisionGroup

SELECT_LIMIT = 30  # above this many groups, a move asks for a group number instead of a list
PICK_LIMIT = 300  # above this many accepted applicants, all of them are placed (no checkbox each)


class HtmxRequest(AuthenticatedRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


@login_required
def run_new(request: AuthenticatedRequest, offer_id: UUID) -> HttpResponse:
    offer = managed_offer(request, offer_id)
    accepted = list(offer.applications.filter(status=ApplicationStatus.ACCEPTED).order_by("name"))
    caps = with_free_groups(queries.capacities(offer.organisation))
    pick = len(accepted) <= PICK_LIMIT
    form = RunForm(request.POST if request.method == "POST" else None, applications=accepted, capacities=caps, pick=pick)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            chosen = form.cleaned_data["applications"] if pick else [str(a.pk) for a in accepted]
            run = attempt(request, lambda: run_actions.start_run(
                request.user, offer, chosen, form.cleaned_data["capacities"],
                seconds=form.cleaned_data["seconds"], num_groups=form.cleaned_data.get("num_groups"),
            ), form=form).value
            if run is not None:
                return redirect("formation:run_detail", run.pk)
    return render(request, "formation/run_new.html", {
        "offer": offer, "form": form, "accepted": accepted, "caps": caps, "pick": pick,
    }, status=status)


def _error_text(run: FormationRun) -> str:
    if run.error == "unavailable":
        return _("The formation engine is not available. Ask your administrator.")
    if run.error == "violations":
        return _("The proposal broke one of the offer's hard rules, so Kring has thrown it away instead of showing it. "
                 "Try again, perhaps with a longer time limit; if it keeps happening, ask your administrator.")
    return _("Forming the groups failed. Try again; if it keeps failing, ask your administrator.")


def _reason(code: str) -> str:
    if code == "moved_by_hand":
        return _("Moved out by hand.")
    if code == run_actions.NO_ADDRESS:
        return _("No Kring account and no e-mail address: could not be added to a group. On the waiting list.")
    return engine.reason_text(code)


def _diagnosis(run: FormationRun, apps: dict[str, Application], caps: dict[str, FacilitatorCapacity]) -> list[diagnosis.Finding]:
    """The rules that keep people out of this proposal, from the run's own applicants and
    facilitators under the offer's rules as they are now."""
    instance = engine.build_instance(run.offer, list(apps.values()), list(caps.values()), run.num_groups)
    return diagnosis.diagnose(instance, run.offer.slot_label)


def proposal_context(run: FormationRun, error: list[str] | None = None, moved: str = "") -> dict[str, Any]:
    apps = {a.solver_id: a for a in Application.objects.filter(pk__in=run.application_ids)}
    offer = run.offer
    caps = {str(c.pk): c for c in FacilitatorCapacity.objects.filter(pk__in=run.capacity_ids).select_related("person")}
    checks = run_actions.group_checks(run) if run.status == RunStatus.DONE else [[] for _g in run.groups]
    groups = [
        {
            "number": i + 1, "index": i, "slot": g["slot"], "slot_label": offer.slot_label(g["slot"]) if g["slot"] else "",
            "score": g["score"],
            "facilitator": caps.get(g["facilitator"]),
            "members": [apps[m] for m in g["members"] if m in apps],
            "problems": checks[i],
        }
        for i, g in enumerate(run.groups)
    ]
    unplaced = [{"application": apps[u["id"]], "reason": _reason(u["reason"])} for u in run.unplaced if u["id"] in apps]
    editable = run.status == RunStatus.DONE
    placed = [m for g in groups for m in g["members"]]
    # Placed people without an account: someone in Kring with their address is linked at
    # publish; the others get an account and an invitation.
    addresses = [m.email for m in placed if not m.person_id and m.email] if editable else []
    known = queries.people_by_email(addresses)
    invited = {m.solver_id for m in placed if not m.person_id and m.email and m.email.lower() not in known}
    return {
        "run": run, "groups": groups, "unplaced": unplaced, "errors": error or [],
        "use_select": len(groups) <= SELECT_LIMIT, "editable": editable, "moved": moved,
        "gap_percent": None if run.gap is None else round(run.gap * 100, 2),
        # Who cannot be added at publish (no account, no address), and who gets an invitation.
        "unreachable": run_actions.unreachable(run, apps) if editable else [],
        "invited": invited,
        "not_accepted": {m.solver_id for m in placed if m.status != ApplicationStatus.ACCEPTED} if editable else set(),
        "published": IntervisionGroup.objects.filter(pk__in=run.published_groups) if run.published_groups else [],
        # Only when people are left out: then say which rule keeps them out.
        "diagnosis": _diagnosis(run, apps, caps) if editable and run.unplaced else [],
    }


@login_required
def run_detail(request: AuthenticatedRequest, run_id: UUID) -> HttpResponse:
    run = queries.get_managed_run(request.user, run_id)
    ctx = proposal_context(run)
    ctx["error_text"] = _error_text(run) if run.status == RunStatus.FAILED else ""
    ctx["publish_stalled"] = run_actions.publish_stalled(run)
    if run.status == RunStatus.PUBLISHED:
        ctx["published_text"] = ngettext(
            "%(n)d group has been created; everyone has been notified.",
            "%(n)d groups have been created; everyone has been notified.", run.publish_done,
        ) % {"n": run.publish_done}
    return render(request, "formation/run_detail.html", ctx)


@login_required
def run_progress(request: HtmxRequest, run_id: UUID) -> HttpResponse:
    """Polled every second by the run page; once the run has finished, htmx reloads the
    page so the proposal (or the error) is shown in full."""
    run = queries.get_managed_run(request.user, run_id)
    if run.finished and request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("formation:run_detail", args=[run.pk])
        return response
    return render(request, "formation/_progress.html", {"run": run})


@login_required
@require_POST
def run_move(request: HtmxRequest, run_id: UUID) -> HttpResponse:
    run = queries.get_managed_run(request.user, run_id)
    target = request.POST.get("target", "")
    if target.isdigit() and request.POST.get("numbered"):
        target = str(int(target) - 1)  # people type group numbers from 1
    # An htmx request shows a refusal in the fragment, a plain post as a message.
    done = attempt(request, lambda: run_actions.move_member(request.user, run, request.POST.get("application", ""), target),
                   show=not request.htmx)
    moved = ""
    if done.value is not None:
        run = done.value
        mover = Application.objects.filter(pk__in=run.application_ids).filter(pk=request.POST.get("application", "")).first()
        where = next((i for i, g in enumerate(run.groups) if mover and mover.solver_id in g["members"]), None)
        if mover is not None:
            moved = (_("%(name)s is now in group %(n)d.") % {"name": mover.name, "n": where + 1} if where is not None
                     else _("%(name)s is now among those not placed.") % {"name": mover.name})
    if request.htmx:
        return render(request, "formation/_proposal.html", proposal_context(run, done.refusals, moved))
    if done.ok:
        messages.success(request, moved or _("The move has been made."))
    return redirect("formation:run_detail", run.pk)


@login_required
@require_POST
def run_publish(request: AuthenticatedRequest, run_id: UUID) -> HttpResponse:
    """Checks the proposal and has the groups created in the background; the run page then
    shows the progress (and, when done, the published groups)."""
    run = queries.get_managed_run(request.user, run_id)
    without = request.POST.get("without_unreachable") == "1"
    attempt(request, lambda: run_actions.request_publish(request.user, run, without_unreachable=without))
    return redirect("formation:run_detail", run.pk)
