"""The write path for formation runs: start one, record what the background task did,
move a member by hand (checked against the hard rules), and publish the proposal as
intervision groups through kring.groups.actions."""
from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.accounts import actions as account_actions
from kring.accounts.models import Role, User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.core.tasks import enqueue_after_commit
from kring.formation import engine, events, notifications, signals
from kring.formation.actions import require_coordinator
from kring.formation.capacity import free_groups, with_free_groups
from kring.formation.models import (
    Application,
    ApplicationStatus,
    FacilitatorCapacity,
    FormationRun,
    Offer,
    RunStatus,
)
from kring.formation.queries import people_by_email
from kring.groups import actions as group_actions
from kring.groups.models import Composition, IntervisionGroup, MemberRole

log = logging.getLogger(__name__)

MIN_SECONDS, MAX_SECONDS = 1, 120
UNPLACED = "unplaced"


@transaction.atomic
def start_run(
    actor: User, offer: Offer, application_ids: Sequence[str | UUID], capacity_ids: Sequence[str | UUID], *, seconds: int = 10,
    seed: int | None = None, num_groups: int | None = None,
) -> FormationRun:
    require_coordinator(actor, offer.organisation)
    chosen = list(
        offer.applications.filter(pk__in=application_ids, status=ApplicationStatus.ACCEPTED).values_list("pk", flat=True)
    )
    if len(chosen) != len(set(application_ids)):
        raise Refused(_("Choose only accepted applicants of this offer."))
    if len(chosen) < offer.min_size:
        raise Refused(_("Choose at least %(min)d accepted applicants: one group needs that many.") % {"min": offer.min_size})
    caps = [c.pk for c in with_free_groups(
        FacilitatorCapacity.objects.filter(organisation=offer.organisation, pk__in=capacity_ids).select_related("person"))]
    if not caps or len(caps) != len(set(capacity_ids)):
        raise Refused(_("Choose at least one facilitator with free capacity."))
    if not MIN_SECONDS <= int(seconds) <= MAX_SECONDS:
        raise Refused(_("The time limit is between %(lo)d and %(hi)d seconds.") % {"lo": MIN_SECONDS, "hi": MAX_SECONDS})
    if num_groups is not None:
        num_groups = int(num_groups)
        most = len(chosen) // offer.min_size
        if not 1 <= num_groups <= most:
            raise Refused(
                _("With %(n)d applicants and at least %(min)d per group, choose from 1 to %(most)d groups.")
                % {"n": len(chosen), "min": offer.min_size, "most": most}
            )
        free = sum(free_groups(c) for c in FacilitatorCapacity.objects.filter(pk__in=caps).select_related("person"))
        if num_groups > free:
            raise Refused(
                ngettext("The chosen facilitators can take on %(free)d new group, not %(n)d.",
                         "The chosen facilitators can take on %(free)d new groups, not %(n)d.", free)
                % {"free": free, "n": num_groups}
            )
    run = FormationRun.objects.create(
        offer=offer, started_by=actor, seconds=int(seconds), seed=seed if seed is not None else random.randrange(2**31),
        application_ids=[str(pk) for pk in chosen], capacity_ids=[str(pk) for pk in caps], num_groups=num_groups,
    )
    audit(events.RUN_STARTED, actor, run, applicants=len(chosen), facilitators=len(caps), num_groups=num_groups)
    enqueue_after_commit("kring.formation.tasks.form_groups", str(run.pk))
    return run


def record_progress(run_id: str, fraction: float) -> None:
    """Bookkeeping for the progress bar, not a domain change: no audit entry."""
    FormationRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(progress=max(1, min(99, int(fraction * 100))))


def claim_run(run_id: str) -> bool:
    """Mark a queued run as running; False when another worker got it first or it ran."""
    return FormationRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING, progress=1) == 1


@transaction.atomic
def finish_run(run_id: str, outcome: engine.Outcome) -> FormationRun:
    run = FormationRun.objects.select_for_update().get(pk=run_id)
    run.groups, run.unplaced = outcome.groups, outcome.unplaced
    run.objective, run.bound = outcome.objective, outcome.bound
    run.status, run.progress, run.finished_at = RunStatus.DONE, 100, timezone.now()
    run.save()
    audit(events.RUN_FINISHED, None, run, groups=len(run.groups), unplaced=len(run.unplaced))
    return run


FAILURES = ("unavailable", "violations", "error")


@transaction.atomic
def fail_run(run_id: str, code: str) -> None:
    """``code`` is one of FAILURES; the page words it in the reader's language."""
    if code not in FAILURES:
        raise ValueError(f"unknown failure code {code!r}")
    run = FormationRun.objects.select_for_update().get(pk=run_id)
    run.status, run.error, run.finished_at = RunStatus.FAILED, code, timezone.now()
    run.save()
    audit(events.RUN_FAILED, None, run, code=code)


# --- Adjusting by hand ----------------------------------------------------------------

def _context(run: FormationRun) -> tuple[dict[str, Application], dict[str, FacilitatorCapacity], set[frozenset[str]], set[frozenset[str]]]:
    apps = {a.solver_id: a for a in Application.objects.filter(pk__in=run.application_ids).select_related("person")}
    caps = {str(c.pk): c for c in FacilitatorCapacity.objects.filter(pk__in=run.capacity_ids).select_related("person")}
    listed = list(apps.values())
    return apps, caps, engine.keep_apart_pairs(listed), engine.facilitator_apart_pairs(listed, list(caps.values()))


def group_checks(run: FormationRun, groups: list[dict[str, Any]] | None = None) -> list[list[str]]:
    """Per proposed group, the hard rules it breaks now (empty lists when all is well)."""
    apps, caps, apart, fac_apart = _context(run)
    return [
        engine.group_problems(run.offer, [apps[m] for m in g["members"] if m in apps], caps.get(g["facilitator"]), apart, fac_apart)
        for g in (run.groups if groups is None else groups)
    ]


def unreachable(run: FormationRun, apps: dict[str, Application]) -> list[Application]:
    """Placed applicants who cannot be added to their group: no Kring account and no
    e-mail address to invite them with."""
    return sorted(
        (apps[m] for g in run.groups for m in g["members"] if m in apps and not apps[m].person_id and not apps[m].email),
        key=lambda a: a.name,
    )


@transaction.atomic
def move_member(actor: User, run: FormationRun, application_id: str, target: str) -> FormationRun:
    """Move one applicant to another proposed group (or out of every group). Refused, with
    the reasons, when either group would then break a hard rule."""
    run = FormationRun.objects.select_for_update(of=("self",)).select_related("offer__organisation").get(pk=run.pk)
    require_coordinator(actor, run.offer.organisation)
    if run.status != RunStatus.DONE:
        raise Refused(_("This proposal can no longer be changed."))
    apps, caps, apart, fac_apart = _context(run)
    if application_id not in apps:
        raise Refused(_("This person is not part of this proposal."))
    source = next((i for i, g in enumerate(run.groups) if application_id in g["members"]), None)
    if target == UNPLACED:
        dest = None
    else:
        try:
            dest = int(target)
        except (TypeError, ValueError):
            raise Refused(_("Choose a group.")) from None
        if not 0 <= dest < len(run.groups):
            raise Refused(_("Choose a group."))
    if dest == source:
        return run
    groups = [dict(g, members=list(g["members"])) for g in run.groups]
    person = apps[application_id]
    problems: list[str] = []
    if source is not None:
        groups[source]["members"].remove(application_id)
        if len(groups[source]["members"]) < run.offer.min_size:
            problems.append(_("Group %(n)d would have fewer than %(min)d members.") % {"n": source + 1, "min": run.offer.min_size})
    if dest is not None:
        groups[dest]["members"].append(application_id)
        members = [apps[m] for m in groups[dest]["members"]]
        found = engine.group_problems(run.offer, members, caps.get(groups[dest]["facilitator"]), apart, fac_apart)
        # Only what this move causes: a rule the group already broke is not the mover's doing.
        before = set(engine.group_problems(run.offer, [apps[m] for m in run.groups[dest]["members"]],
                                           caps.get(groups[dest]["facilitator"]), apart, fac_apart))
        problems += [p for p in found if p not in before or person.name in p]
    if problems:
        raise Refused(*problems)
    unplaced = [u for u in run.unplaced if u["id"] != application_id]
    if dest is None:
        unplaced.append({"id": application_id, "reason": "moved_by_hand", "message": ""})
    for g in groups:
        _refresh_group(run.offer, g, apps, caps)
    run.groups, run.unplaced = groups, unplaced
    run.objective = sum(g["score"] for g in groups)
    run.publish_errors = []  # a refused publish is answered by changing the proposal
    run.save(update_fields=["groups", "unplaced", "objective", "publish_errors", "updated_at"])
    audit(events.MEMBER_MOVED, actor, run, application=application_id, to=target)
    return run


def _refresh_group(offer: Offer, group: dict[str, Any], apps: dict[str, Application], caps: dict[str, FacilitatorCapacity]) -> None:
    members = [apps[m] for m in group["members"]]
    group["score"] = engine.group_score(members, offer.spread())
    if offer.common_slot:
        slots = engine.common_slots(members, caps.get(group["facilitator"]))
        if group["slot"] not in slots and slots:
            group["slot"] = sorted(slots)[0]


# --- Publishing -------------------------------------------------------------------------
#
# Publishing creates one intervision group per proposed group through kring.groups.actions
# (rules checked there again, a welcome mail and meeting invitations per member) and
# invites members who have no account yet. For hundreds of groups that takes far longer
# than a web request may, so it is background work, in steps:
#
# 1. request_publish (the POST): checks everything that can be checked and marks the run
#    PUBLISHING; the task is enqueued on commit. A second request is refused.
# 2. prepare_publish (the task, one short transaction): checks everything again (the data
#    may have changed while the task waited) and freezes the plan in ``publish_plan``.
#    Refused here: the run is DONE again with the reasons in ``publish_errors``: nothing
#    has been published.
# 3. publish_batch (the task, one transaction per PUBLISH_BATCH groups): creates those
#    groups, so the progress (``published_groups``) is visible to the polling page and the
#    database is never locked for long. The last batch puts the others on the waiting
#    list and marks the run PUBLISHED. Each batch is idempotent: it continues after the
#    groups already made, so running the task again resumes.
# 4. When a batch fails (a rule that stopped holding meanwhile, a crash), its own groups
#    are rolled back and the run is STOPPED, naming how many groups exist and why; the
#    coordinator continues publishing (request_publish again) once the cause is gone.
#    Failing before the first group was made returns the run to DONE instead.

NO_ADDRESS = "no_address"
PUBLISH_BATCH = 5  # groups per transaction: about a second of work each
STALLED_AFTER = timedelta(minutes=10)  # a publishing run without progress this long may be continued


def publish_stalled(run: FormationRun) -> bool:
    """Publishing that has not moved for STALLED_AFTER (a worker that died mid-way)."""
    return run.status == RunStatus.PUBLISHING and run.updated_at < timezone.now() - STALLED_AFTER


def _account_problems(offer: Offer, members: list[Application]) -> list[str]:
    """Members without an account whose address belongs to someone in Kring who has also
    applied themselves: one of the two applications has to go first."""
    waiting = [m for m in members if not m.person_id]
    found = people_by_email([m.email for m in waiting])
    problems = []
    for m in waiting:
        person = found.get(m.email.lower())
        if person is not None and Application.objects.filter(offer=offer, person=person).exclude(pk=m.pk).exists():
            problems.append(
                _("%(name)s (%(email)s) has also applied in Kring; decline one of the two applications and start a new run.")
                % {"name": m.name, "email": m.email}
            )
    return problems


def _give_accounts(actor: User, members: list[Application]) -> dict[str, User]:
    """Give every member without an account one: the person in Kring with their e-mail
    address, else a new account with an invitation (kring.accounts.actions.invite_person).
    Returns every member's person, by solver id."""
    people = {m.solver_id: m.person for m in members if m.person is not None}
    waiting = [m for m in members if m.person is None]
    found = people_by_email([m.email for m in waiting])
    for m in waiting:
        person = found.get(m.email.lower())
        if person is None:
            person = account_actions.invite_person(
                actor, m.email, m.name, role=m.role if m.role in Role.values else Role.PROFESSIONAL,
                discipline=m.discipline, experience_years=m.experience_years,
            )
        m.person = people[m.solver_id] = person
        m.save(update_fields=["person", "updated_at"])
    return people


def _plan(run: FormationRun, without_unreachable: bool) -> tuple[list[dict[str, Any]], list[Application]]:
    """Every check publishing makes before it creates anything, on locked rows. Returns the
    groups to create and who is left out for want of an address; raises Refused with all
    the reasons otherwise. Writes nothing."""
    offer = run.offer
    if not run.groups:
        raise Refused(_("The proposal has no groups."))
    apps = {a.solver_id: a for a in Application.objects.select_for_update(of=("self",)).filter(pk__in=run.application_ids).select_related("person")}
    caps = {str(c.pk): c for c in FacilitatorCapacity.objects.select_for_update(of=("self",)).filter(pk__in=run.capacity_ids).select_related("person")}
    problems: list[str] = []
    missing = unreachable(run, apps)
    groups = run.groups
    if missing and not without_unreachable:
        problems.append(
            _("These people have no Kring account and no e-mail address, so they cannot be added to a group: %(names)s. "
              "Move them out of their group, or publish without them: they go to the waiting list.")
            % {"names": ", ".join(a.name for a in missing)}
        )
    elif missing:
        gone = {a.solver_id for a in missing}
        groups = [dict(g, members=[m for m in g["members"] if m not in gone]) for g in run.groups]
        for i, g in enumerate(groups):
            _refresh_group(offer, g, apps, caps)
            if len(g["members"]) < offer.min_size <= len(run.groups[i]["members"]):
                problems.append(
                    _("Without them, group %(n)d would have fewer than %(min)d members. Move people by hand first.")
                    % {"n": i + 1, "min": offer.min_size}
                )
    problems += [
        _("Group %(n)d: %(problem)s") % {"n": i + 1, "problem": p}
        for i, found in enumerate(group_checks(run, groups)) for p in found
    ]
    placed = [apps[m] for g in groups for m in g["members"]]
    stale = sorted(a.name for a in placed if a.status != ApplicationStatus.ACCEPTED)
    if stale:
        problems.append(
            _("No longer accepted: %(names)s. Move them out of their group, or start a new run.") % {"names": ", ".join(stale)}
        )
    load: dict[str, int] = {}
    for g in groups:
        load[g["facilitator"]] = load.get(g["facilitator"], 0) + 1
    for cap_id, n in load.items():
        cap = caps.get(cap_id)
        if cap is None or free_groups(cap) < n:
            problems.append(_("A facilitator no longer has capacity for %(n)d new groups.") % {"n": n})
    if problems:
        raise Refused(*dict.fromkeys(problems))
    problems = _account_problems(offer, placed)
    if problems:
        raise Refused(*problems)
    return groups, missing


@transaction.atomic
def request_publish(actor: User, run: FormationRun, *, without_unreachable: bool = False, enqueue: bool = True) -> FormationRun:
    """Check the proposal and have the groups created in the background (the run page
    shows the progress). Refused, with every reason, when it cannot be published; refused
    too while it is already being published. A STOPPED run (or a stalled one) continues
    where it stopped."""
    run = FormationRun.objects.select_for_update(of=("self",)).select_related("offer__organisation").get(pk=run.pk)
    require_coordinator(actor, run.offer.organisation)
    resume = run.status == RunStatus.STOPPED or publish_stalled(run)
    if run.status == RunStatus.PUBLISHED:
        raise Refused(_("This proposal has already been published."))
    if run.status == RunStatus.PUBLISHING and not resume:
        raise Refused(_("This proposal is already being published. This page shows how far it has got."))
    if run.status != RunStatus.DONE and not resume:
        raise Refused(_("There is no proposal to publish yet."))
    if not resume:
        groups, _missing = _plan(run, without_unreachable)
        run.publish_without_unreachable, run.publish_total = without_unreachable, len(groups)
        run.publish_plan, run.published_groups = {}, []
    run.status, run.publish_by, run.publish_errors = RunStatus.PUBLISHING, actor, []
    run.save(update_fields=["status", "publish_by", "publish_errors", "publish_without_unreachable", "publish_total",
                            "publish_plan", "published_groups", "updated_at"])
    audit(events.PUBLISH_REQUESTED, actor, run, groups=run.publish_total, resume=resume)
    if enqueue:
        enqueue_after_commit("kring.formation.tasks.publish_groups", str(run.pk))
    return run


@transaction.atomic
def prepare_publish(run_id: str) -> FormationRun:
    """Check everything again (the data may have changed while the task waited) and freeze
    the plan. Refused: nothing has been written."""
    run = FormationRun.objects.select_for_update(of=("self",)).select_related("offer__organisation", "publish_by").get(pk=run_id)
    if run.status != RunStatus.PUBLISHING or run.publish_plan:
        return run
    if run.publish_by is None:
        raise Refused(_("The person who asked to publish no longer exists. Publish again."))
    require_coordinator(run.publish_by, run.offer.organisation)
    groups, missing = _plan(run, run.publish_without_unreachable)
    run.publish_plan = {"groups": groups, "left_out": [a.solver_id for a in missing]}
    run.publish_total = len(groups)
    run.save(update_fields=["publish_plan", "publish_total", "updated_at"])
    return run


@transaction.atomic
def publish_batch(run_id: str) -> bool:
    """Create the next PUBLISH_BATCH groups of the plan; after the last one, finish. True
    while there is more to do. Idempotent: it continues after the groups already made."""
    run = FormationRun.objects.select_for_update(of=("self",)).select_related("offer__organisation", "publish_by").get(pk=run_id)
    if run.status != RunStatus.PUBLISHING or not run.publish_plan:
        return False
    actor, offer = run.publish_by, run.offer
    if actor is None:
        raise Refused(_("The person who asked to publish no longer exists. Publish again."))
    require_coordinator(actor, offer.organisation)
    plan = run.publish_plan["groups"]
    start = len(run.published_groups)
    batch = plan[start:start + PUBLISH_BATCH]
    ids = [m for g in batch for m in g["members"]]
    apps = {a.solver_id: a for a in Application.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("person")}
    caps = {str(c.pk): c for c in FacilitatorCapacity.objects.select_for_update()
            .filter(pk__in={g["facilitator"] for g in batch}).select_related("person")}
    members = [apps[m] for m in ids if m in apps]
    stale = sorted(a.name for a in members if a.status != ApplicationStatus.ACCEPTED)
    if len(members) != len(ids) or stale:
        raise Refused(_("No longer accepted: %(names)s.") % {"names": ", ".join(stale) or "–"})
    problems = _account_problems(offer, members)
    if problems:
        raise Refused(*problems)
    people = _give_accounts(actor, members)
    now = timezone.now()
    created = list(run.published_groups)
    for index, g in enumerate(batch, start=start + 1):
        group_members = [apps[m] for m in g["members"]]
        cap = caps.get(g["facilitator"])
        if cap is None or free_groups(cap) < 1:
            raise Refused(_("A facilitator no longer has capacity for %(n)d new groups.") % {"n": 1})
        disciplines = {m.discipline for m in group_members}
        mono = "discipline" in offer.same_attributes and len(disciplines) == 1
        group = group_actions.create_group(
            actor, offer.organisation,
            name=(_("%(title)s – group %(n)d") % {"title": offer.title, "n": index})[:160],
            description=offer.description, min_size=offer.min_size, max_size=offer.max_size,
            composition=Composition.MONODISCIPLINARY if mono else Composition.MULTIDISCIPLINARY,
            discipline=next(iter(disciplines)) if mono else "", clients_allowed=offer.clients_allowed,
            min_experience_years=offer.min_experience_years,
        )
        try:
            group_actions.add_member(actor, group, cap.person, MemberRole.FACILITATOR)
            for m in group_members:
                group_actions.add_member(actor, group, people[m.solver_id], MemberRole.MEMBER)
                m.status, m.group, m.status_changed_at = ApplicationStatus.PLACED, group, now
                m.save(update_fields=["status", "group", "status_changed_at", "updated_at"])
        except Refused as exc:
            raise Refused(*(_("Group %(n)d: %(problem)s") % {"n": index, "problem": p} for p in exc.messages)) from None
        created.append(str(group.pk))
        signals.group_published.send(sender=FormationRun, group=group, offer=offer)
    run.published_groups = created
    if len(created) < len(plan):
        run.save(update_fields=["published_groups", "updated_at"])
        return True
    _finish_publish(run, actor)
    return False


def _finish_publish(run: FormationRun, actor: User) -> None:
    """After the last group: the others go to the waiting list, and the run is published."""
    plan = run.publish_plan
    groups, left_out = plan["groups"], plan["left_out"]
    in_group = {m for g in groups for m in g["members"]}
    now = timezone.now()
    for a in Application.objects.select_for_update(of=("self",)).filter(pk__in=run.application_ids).select_related("person"):
        # Only who is still accepted goes to the waiting list: someone who withdrew or was
        # declined meanwhile keeps that status.
        if a.solver_id in in_group or a.status != ApplicationStatus.ACCEPTED:
            continue
        a.status, a.status_changed_at = ApplicationStatus.WAITING, now
        a.save(update_fields=["status", "status_changed_at", "updated_at"])
        notifications.not_placed(run, a)
    if left_out:
        run.objective = sum(g["score"] for g in groups)
    run.groups = groups
    run.unplaced = [*run.unplaced, *({"id": i, "reason": NO_ADDRESS, "message": ""} for i in left_out)]
    run.status, run.publish_errors = RunStatus.PUBLISHED, []
    run.save(update_fields=["groups", "unplaced", "objective", "status", "published_groups", "publish_errors", "updated_at"])
    audit(events.RUN_PUBLISHED, actor, run, groups=len(run.published_groups), without=len(left_out))


@transaction.atomic
def stop_publish(run_id: str, problems: list[str]) -> FormationRun:
    """Record why publishing stopped. Before the first group: nothing was published and the
    proposal is DONE (adjustable) again. After it: STOPPED, to be continued."""
    run = FormationRun.objects.select_for_update().get(pk=run_id)
    if run.status != RunStatus.PUBLISHING:
        return run
    run.publish_errors = [str(p) for p in problems]
    if run.published_groups:
        run.status = RunStatus.STOPPED
    else:
        run.status, run.publish_plan = RunStatus.DONE, {}
    run.save(update_fields=["status", "publish_errors", "publish_plan", "updated_at"])
    audit(events.PUBLISH_STOPPED, None, run, created=len(run.published_groups), total=run.publish_total)
    return run


def carry_out_publish(run_id: str) -> str:
    """The background task's work: prepare, then batch after batch; any failure is recorded
    (stop_publish) in the language of the coordinator who asked. Returns what happened."""
    run = FormationRun.objects.select_related("publish_by").filter(pk=run_id).first()
    if run is None or run.status != RunStatus.PUBLISHING:
        return "skipped"
    language = getattr(run.publish_by, "language", None) or translation.get_language()
    with translation.override(language):
        try:
            prepare_publish(run_id)
            while publish_batch(run_id):
                pass
        except Refused as exc:
            stop_publish(run_id, exc.messages)
            return "stopped"
        except Exception:
            log.exception("publishing formation run %s failed", run_id)
            stop_publish(run_id, [_("Something went wrong while creating the groups. Try again; if it keeps failing, "
                                    "ask your administrator.")])
            return "stopped"
    return "published"


def publish(actor: User, run: FormationRun, *, without_unreachable: bool = False) -> list[IntervisionGroup]:
    """Publish at once, in this process, instead of in the background (the demo data,
    scripts, tests): the same checks and steps as request_publish and the task. Refused,
    with the reasons, when it cannot be published."""
    run = request_publish(actor, run, without_unreachable=without_unreachable, enqueue=False)
    carry_out_publish(str(run.pk))
    run.refresh_from_db()
    if run.status != RunStatus.PUBLISHED:
        raise Refused(*run.publish_errors)
    by_id = {str(g.pk): g for g in IntervisionGroup.objects.filter(pk__in=run.published_groups)}
    return [by_id[pk] for pk in run.published_groups if pk in by_id]
