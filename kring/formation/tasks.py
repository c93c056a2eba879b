"""Background work: run the solver for a formation run, recording progress as it goes."""
from __future__ import annotations

import inspect
import logging
from typing import Any

from django_tasks import task

from kring.formation import engine, run_actions
from kring.formation.models import Application, FacilitatorCapacity, FormationRun

log = logging.getLogger(__name__)


def _engine_takes(name: str) -> bool:
    try:
        return name in inspect.signature(engine.solve).parameters
    except (TypeError, ValueError):  # pragma: no cover - engine.solve is a plain function
        return False


@task()
def form_groups(run_id: str) -> str:
    # Idempotent: a run that is not queued any more (done, or claimed by another worker)
    # is left alone.
    if not run_actions.claim_run(run_id):
        return "skipped"
    run = FormationRun.objects.select_related("offer").get(pk=run_id)
    applications = list(Application.objects.filter(pk__in=run.application_ids).select_related("person").order_by("pk"))
    capacities = list(FacilitatorCapacity.objects.filter(pk__in=run.capacity_ids).select_related("person").order_by("pk"))
    extra: dict[str, Any] = {}
    if run.num_groups is not None:
        if not _engine_takes("num_groups"):
            # Never silently ignore what the coordinator asked for.
            log.error("formation run %s asks for %d groups but the engine cannot pass num_groups", run_id, run.num_groups)
            run_actions.fail_run(run_id, "unsupported")
            return "failed"
        extra["num_groups"] = run.num_groups
    broke_rules = getattr(engine, "SolverBrokeRules", None)
    try:
        outcome = engine.solve(
            run.offer, applications, capacities, seconds=run.seconds, seed=run.seed,
            progress=lambda fraction: run_actions.record_progress(run_id, fraction), **extra,
        )
    except engine.SolverUnavailable:
        log.exception("formation solver unavailable")
        run_actions.fail_run(run_id, "unavailable")
        return "failed"
    except Exception as exc:
        if broke_rules is not None and isinstance(exc, broke_rules):
            # The independent checker caught a broken hard rule: the proposal is discarded.
            log.error("formation run %s: the checker found violations: %s", run_id, exc)
            run_actions.fail_run(run_id, "violations")
        else:
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
