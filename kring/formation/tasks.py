"""Background work: run the solver for a formation run, recording progress as it goes."""
from __future__ import annotations

import logging

from django_tasks import task

from kring.formation import engine, run_actions
from kring.formation.models import Application, FacilitatorCapacity, FormationRun

log = logging.getLogger(__name__)


@task()
def form_groups(run_id: str) -> str:
    # Idempotent: a run that is not queued any more (done, or claimed by another worker)
    # is left alone.
    if not run_actions.claim_run(run_id):
        return "skipped"
    run = FormationRun.objects.select_related("offer").get(pk=run_id)
    applications = list(Application.objects.filter(pk__in=run.application_ids).select_related("person").order_by("pk"))
    capacities = list(FacilitatorCapacity.objects.filter(pk__in=run.capacity_ids).select_related("person").order_by("pk"))
    try:
        outcome = engine.solve(
            run.offer, applications, capacities, seconds=run.seconds, seed=run.seed, num_groups=run.num_groups,
            progress=lambda fraction: run_actions.record_progress(run_id, fraction),
        )
    except engine.SolverUnavailable:
        log.exception("formation solver unavailable")
        run_actions.fail_run(run_id, "unavailable")
        return "failed"
    except engine.SolverBrokeRules as exc:
        # The independent checker caught a broken hard rule: the proposal is discarded.
        log.error("formation run %s: the checker found violations: %s", run_id, exc)
        run_actions.fail_run(run_id, "violations")
        return "failed"
    except Exception:
        log.exception("formation run %s failed", run_id)
        run_actions.fail_run(run_id, "error")
        return "failed"
    run_actions.finish_run(run_id, outcome)
    return "done"


@task()
def publish_groups(run_id: str) -> str:
    """Create the groups of a proposal a coordinator asked to publish (run_actions explains
    the steps). Idempotent and resumable: a run that is not PUBLISHING is left alone, and
    one that was half-way continues after the groups already made."""
    return run_actions.carry_out_publish(run_id)
