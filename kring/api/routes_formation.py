"""Offers, applications and formation runs: the queries and actions of the formation
area, with the same checks (and Dutch messages) as its pages."""
from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from kring.api import events, scopes
from kring.api.auth import Caller, caller
from kring.api.problems import problem
from kring.api.schemas import (
    ApplicationOut,
    ApplyIn,
    ImportIn,
    ImportOut,
    OfferOut,
    OrganisationRef,
    OwnApplicationOut,
    RunGroup,
    RunIn,
    RunMember,
    RunOut,
    RunUnplaced,
)
from kring.api.serialize import PROBLEMS
from kring.audit.actions import log_access
from kring.formation import actions, csvimport, queries, run_actions
from kring.formation.capacity import with_free_groups
from kring.formation.forms import ApplicationForm
from kring.formation.models import Application, ApplicationStatus, FormationRun, Offer

router = Router(tags=["formation"])


def _offer(who: Caller, offer_id: UUID, *, manage: bool = False) -> Offer:
    offer = queries.get_offer(who.person, offer_id)
    who.within(offer.organisation_id)
    if manage and not queries.can_manage_offer(who.person, offer):
        raise PermissionDenied
    return offer


def _offer_out(offer: Offer) -> OfferOut:
    return OfferOut(id=offer.pk, organisation=OrganisationRef(id=offer.organisation.pk, name=offer.organisation.name),
                    title=offer.title, description=offer.description, is_open=offer.is_open, min_size=offer.min_size,
                    max_size=offer.max_size, slots=list(offer.slots))


@router.get("/offers", response={200: list[OfferOut], **PROBLEMS}, url_name="offers", operation_id="offers",
            summary="Offers of my organisations")
def offers(request: HttpRequest) -> list[OfferOut]:
    who = caller(request, scopes.READ)
    found = queries.visible_offers(who.person).order_by("title")
    if who.organisation_id is not None:
        found = found.filter(organisation_id=who.organisation_id)
    return [_offer_out(o) for o in found]


@router.get("/offers/{offer_id}/applications", response={200: list[ApplicationOut], **PROBLEMS},
            url_name="offer_applications", operation_id="offer_applications",
            summary="Applications to an offer (coordinators)")
def offer_applications(request: HttpRequest, offer_id: UUID) -> list[ApplicationOut]:
    who = caller(request, scopes.READ)
    offer = _offer(who, offer_id, manage=True)
    log_access(events.APPLICATIONS_READ, who.person, offer, on_behalf_of="api")
    return [ApplicationOut(id=a.pk, name=a.name, email=a.email or (a.person.email if a.person else ""), status=a.status,
                           source=a.source, role=a.role, discipline=a.discipline, team=a.team,
                           experience_years=a.experience_years, availability=list(a.availability))
            for a in queries.applications(offer)]


@router.post("/offers/{offer_id}/apply", response={201: OwnApplicationOut, **PROBLEMS}, url_name="apply_to_offer",
             operation_id="apply_to_offer", summary="Apply to an offer")
def apply_to_offer(request: HttpRequest, offer_id: UUID, body: ApplyIn) -> Status[OwnApplicationOut] | HttpResponse:
    who = caller(request, scopes.RESPOND)
    offer = _offer(who, offer_id)
    data = QueryDict(mutable=True)
    for key, value in body.dict().items():
        if key == "availability":
            data.setlist(key, value)
        elif key == "keep_apart":
            data[key] = "\n".join(value)
        elif key == "intake_requested":
            if value:
                data[key] = "on"
        else:
            data[key] = value
    # The page's form: the same checks and messages as applying on the web.
    form = ApplicationForm(data, offer=offer)
    if not form.is_valid():
        return problem(422, _("The request is not valid."), _("Correct the fields listed in errors."),
                       errors=[{"pointer": f"/{field}", "detail": str(message)}
                               for field, messages in form.errors.items() for message in messages])
    fields = dict(form.cleaned_data)
    keep_apart, kind = fields.pop("keep_apart", []), fields.pop("relation_kind", "")
    application = actions.apply(who.person, offer, keep_apart=keep_apart, relation_kind=kind, **fields)
    return Status(201, OwnApplicationOut(id=application.pk, offer_id=offer.pk, status=application.status))


@router.post("/offers/{offer_id}/applicants/import", response={201: ImportOut, **PROBLEMS},
             url_name="import_applicants", operation_id="import_applicants",
             summary="Import applicants from CSV, all rows or none (coordinators)")
def import_applicants(request: HttpRequest, offer_id: UUID, body: ImportIn) -> Status[ImportOut] | HttpResponse:
    who = caller(request, scopes.FORMATION)
    offer = _offer(who, offer_id, manage=True)
    data = body.csv.encode("utf-8")
    if len(data) > csvimport.MAX_BYTES:
        return problem(422, _("This cannot be done."),
                       _("The file is larger than %(mb)d MB.") % {"mb": csvimport.MAX_BYTES // (1024 * 1024)})
    result = actions.import_applicants(who.person, offer, data, accept=body.accept)
    if not result.ok:
        return problem(422, _("The file has errors; nothing has been imported."),
                       _("Correct the lines listed in errors and send the whole file again."),
                       errors=[{"line": str(e.line), "column": e.column, "detail": e.message} for e in result.errors])
    return Status(201, ImportOut(imported=len(result.rows)))


def _run_out(run: FormationRun) -> RunOut:
    apps = {a.solver_id: a for a in Application.objects.filter(pk__in=run.application_ids)}
    caps = {str(c.pk): c.person.name for c in run.offer.organisation.facilitator_capacities.select_related("person")}
    groups = [RunGroup(number=i + 1, slot=g.get("slot") or "", facilitator=caps.get(g.get("facilitator") or ""),
                       members=[RunMember(application_id=apps[m].pk, name=apps[m].name) for m in g["members"] if m in apps])
              for i, g in enumerate(run.groups)]
    unplaced = [RunUnplaced(application_id=apps[u["id"]].pk, name=apps[u["id"]].name, reason=u["reason"])
                for u in run.unplaced if u["id"] in apps]
    return RunOut(id=run.pk, offer_id=run.offer_id, status=run.status, progress=run.progress, finished=run.finished,
                  groups=groups, unplaced=unplaced)


@router.get("/offers/{offer_id}/runs", response={200: list[RunOut], **PROBLEMS}, url_name="offer_runs",
            operation_id="offer_runs", summary="Formation runs of an offer (coordinators)")
def offer_runs(request: HttpRequest, offer_id: UUID) -> list[RunOut]:
    who = caller(request, scopes.READ)
    offer = _offer(who, offer_id, manage=True)
    return [_run_out(r) for r in queries.runs_of(offer)]


@router.post("/offers/{offer_id}/runs/start", response={202: RunOut, **PROBLEMS}, url_name="start_run",
             operation_id="start_run", summary="Start forming groups; poll the run for its proposal (coordinators)")
def start_run(request: HttpRequest, offer_id: UUID, body: RunIn) -> Status[RunOut]:
    who = caller(request, scopes.FORMATION)
    offer = _offer(who, offer_id, manage=True)
    application_ids = body.application_ids if body.application_ids is not None else list(
        offer.applications.filter(status=ApplicationStatus.ACCEPTED).values_list("pk", flat=True))
    capacity_ids = body.capacity_ids if body.capacity_ids is not None else [
        c.pk for c in with_free_groups(queries.capacities(offer.organisation))]
    run = run_actions.start_run(who.person, offer, application_ids, capacity_ids, seconds=body.seconds,
                                num_groups=body.num_groups)
    return Status(202, _run_out(run))


@router.get("/runs/{run_id}", response={200: RunOut, **PROBLEMS}, url_name="run", operation_id="run",
            summary="A formation run and its proposal (coordinators)")
def run(request: HttpRequest, run_id: UUID) -> RunOut:
    who = caller(request, scopes.READ)
    found = queries.get_managed_run(who.person, run_id)
    who.within(found.offer.organisation_id)
    log_access(events.PROPOSAL_READ, who.person, found, on_behalf_of="api")
    return _run_out(found)
