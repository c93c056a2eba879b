"""Permission-matrix rows for formation. Offers are visible to everyone in their
organisation; its coordinators manage offers, applications, capacity and runs; everyone
else gets 404. Runs and applications hold personal data: coordinators only."""
from __future__ import annotations

from typing import Any

from kring.site.matrix import Row, World, everyone_logged_in, expect

# Visible to the organisation (member, facilitator, coordinator); managed by its coordinator.
ORG_VIEW = expect(302, 200, 200, 404, 200, 404, 404)
ORG_MANAGE = expect(302, 403, 403, 404, 200, 404, 404)
RUN = expect(302, 404, 404, 404, 200, 404, 404)


def setup(world: World) -> None:
    from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer, RunStatus
    from kring.site.testing import make_person

    offer = Offer.objects.create(organisation=world.org, title="Matrixaanbod", min_size=2, max_size=4,
                                 slots=["ma-ochtend"], is_open=True)
    applicant = make_person("Matrix Aanvrager")
    application = Application.objects.create(offer=offer, person=applicant, name=applicant.name,
                                             availability=["ma-ochtend"], status=ApplicationStatus.ACCEPTED)
    capacity = FacilitatorCapacity.objects.create(organisation=world.org, person=world.people["facilitator"],
                                                  groups_per_year=3, availability=["ma-ochtend"])
    run = FormationRun.objects.create(offer=offer, status=RunStatus.DONE, application_ids=[str(application.pk)],
                                      capacity_ids=[str(capacity.pk)], objective=0, bound=0,
                                      unplaced=[{"id": str(application.pk), "reason": "size", "message": ""}])
    # A second offer the member has applied for: only they can withdraw that application.
    own_offer = Offer.objects.create(organisation=world.org, title="Matrixaanbod met aanmelding", min_size=2, max_size=4,
                                     slots=["ma-ochtend"], is_open=True)
    Application.objects.create(offer=own_offer, person=world.people["member"], name=world.people["member"].name,
                               availability=["ma-ochtend"])
    world.extra.update(offer=offer, application=application, run=run, own_offer=own_offer)


def _offer(w: World) -> dict[str, Any]:
    return {"offer_id": w.extra["offer"].pk}


def _run(w: World) -> dict[str, Any]:
    return {"run_id": w.extra["run"].pk}


ROWS = [
    Row("formation:offer_list", everyone_logged_in()),
    Row("formation:offer_create", expect(302, 403, 403, 403, 200, 200, 403)),
    Row("formation:offer_create", expect(302, 403, 403, 403, 422, 422, 403), method="post"),
    Row("formation:offer_detail", ORG_VIEW, kwargs=_offer),
    Row("formation:offer_edit", ORG_MANAGE, kwargs=_offer),
    Row("formation:offer_edit", expect(302, 403, 403, 404, 422, 404, 404), kwargs=_offer, method="post"),
    Row("formation:apply", ORG_VIEW, kwargs=_offer),
    Row("formation:apply", expect(302, 422, 422, 404, 422, 404, 404), kwargs=_offer, method="post"),
    # Only the applicant themselves; anyone else has no application there: 404.
    Row("formation:withdraw", expect(302, 302, 404, 404, 404, 404, 404), method="post",
        kwargs=lambda w: {"offer_id": w.extra["own_offer"].pk}),
    Row("formation:applications", ORG_MANAGE, kwargs=_offer),
    Row("formation:decide", expect(302, 403, 403, 404, 302, 404, 404), method="post",
        kwargs=lambda w: {"offer_id": w.extra["offer"].pk, "application_id": w.extra["application"].pk},
        data=lambda w: {"status": "waiting"}),
    Row("formation:import", ORG_MANAGE, kwargs=_offer),
    Row("formation:import", expect(302, 403, 403, 404, 422, 404, 404), kwargs=_offer, method="post"),
    Row("formation:run_new", ORG_MANAGE, kwargs=_offer),
    Row("formation:run_new", expect(302, 403, 403, 404, 422, 404, 404), kwargs=_offer, method="post"),
    Row("formation:capacity", ORG_MANAGE, kwargs=lambda w: {"org_id": w.org.pk}),
    Row("formation:capacity", expect(302, 403, 403, 404, 302, 404, 404), kwargs=lambda w: {"org_id": w.org.pk},
        method="post", data=lambda w: {"person": str(w.people["facilitator"].pk), "groups_per_year": "2",
                                       "availability": "ma-ochtend"}),
    Row("formation:run_detail", RUN, kwargs=_run),
    Row("formation:run_progress", RUN, kwargs=_run),
    Row("formation:run_move", expect(302, 404, 404, 404, 302, 404, 404), kwargs=_run, method="post",
        data=lambda w: {"application": str(w.extra["application"].pk), "target": "0"}),
    Row("formation:run_publish", expect(302, 404, 404, 404, 302, 404, 404), kwargs=_run, method="post"),
]
