"""The write path for formation runs: start one, record what the background task did,
move a member by hand (checked against the hard rules), and publish the proposal as
intervision groups through kring.groups.actions."""
from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.formation import engine
from kring.formation.models import (
    Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer, RunStatus,
)
from kring.groups import actions as group_actions
from kring.groups.models import Composition, MemberRole
from kring.organisations.queries import is_coordinator

MIN_SECONDS, MAX_SECONDS = 1, 120
UNPLACED = "unplaced"


def _require_coordinator(actor: Any, offer: Offer) -> None:
    if not is_coordinator(actor, offer.organisation):
        raise Refused(_("Only a coordinator of %(org)s can do this.") % {"org": offer.organisation.name})


@transaction.atomic
def start_run(
    actor: Any, offer: Offer, application_ids: list[str], capacity_ids: list[str], *, seconds: int = 10,
    seed: int | None = None, num_groups: int | None = None,
) -> FormationRun:
    _require_coordinator(actor, offer)
    chosen = list(
        offer.applications.filter(pk__in=application_ids, status=ApplicationStatus.ACCEPTED).values_list("pk", flat=True)
    )
    if len(chosen) != len(set(application_ids)):
        raise Refused(_("Choose only accepted applicants of this offer."))
    if len(chosen) < offer.min_size:
        raise Refused(_("Choose at least %(min)d accepted applicants: one group needs that many.") % {"min": offer.min_size})
    caps = list(
        FacilitatorCapacity.objects.filter(organisation=offer.organisation, pk__in=capacity_ids, new_groups_free__gt=0)
        .values_list("pk", flat=True)
    )
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
        free = sum(FacilitatorCapacity.objects.filter(pk__in=caps).values_list("new_groups_free", flat=True))
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
    audit("kring.formation.run_started", actor, run, applicants=len(chosen), facilitators=len(caps), num_groups=num_groups)
    from kring.formation.tasks import form_groups

    transaction.on_commit(lambda: form_groups.enqueue(str(run.pk)))
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
    audit("kring.formation.run_finished", None, run, groups=len(run.groups), unplaced=len(run.unplaced))
    return run


FAILURES = ("unavailable", "violations", "unsupported", "error")


@transaction.atomic
def fail_run(run_id: str, code: str) -> None:
    """``code`` is one of FAILURES; the page words it in the reader's language."""
    if code not in FAILURES:
        raise ValueError(f"unknown failure code {code!r}")
    run = FormationRun.objects.select_for_update().get(pk=run_id)
    run.status, run.error, run.finished_at = RunStatus.FAILED, code, timezone.now()
    run.save()
    audit("kring.formation.run_failed", None, run, code=code)


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
def move_member(actor: Any, run: FormationRun, application_id: str, target: str) -> FormationRun:
    """Move one applicant to another proposed group (or out of every group). Refused, with
    the reasons, when either group would then break a hard rule."""
    run = FormationRun.objects.select_for_update().select_related("offer__organisation").get(pk=run.pk)
    _require_coordinator(actor, run.offer)
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
    run.save(update_fields=["groups", "unplaced", "objective", "updated_at"])
    audit("kring.formation.member_moved", actor, run, application=application_id, to=target)
    return run


def _refresh_group(offer: Offer, group: dict[str, Any], apps: dict[str, Application], caps: dict[str, FacilitatorCapacity]) -> None:
    members = [apps[m] for m in group["members"]]
    group["score"] = engine.group_score(members, offer.spread())
    if offer.common_slot:
        slots = engine.common_slots(members, caps.get(group["facilitator"]))
        if group["slot"] not in slots and slots:
            group["slot"] = sorted(slots)[0]


# --- Publishing -------------------------------------------------------------------------

NO_ADDRESS = "no_address"


def _accounts_for(actor: Any, offer: Offer, members: list[Application]) -> list[str]:
    """Give every member without an account one: the person in Kring with their e-mail
    address, else a new account with an invitation (kring.accounts.actions.invite_person).
    Returns problems instead when that cannot be done; writes only when there are none."""
    from kring.accounts import actions as account_actions
    from kring.accounts.models import Role
    from kring.formation.actions import people_by_email

    waiting = [m for m in members if not m.person_id]
    if not waiting:
        return []
    found = people_by_email([m.email for m in waiting])
    problems = []
    for m in waiting:
        person = found.get(m.email.lower())
        if person is not None and Application.objects.filter(offer=offer, person=person).exclude(pk=m.pk).exists():
            problems.append(
                _("%(name)s (%(email)s) has also applied in Kring; decline one of the two applications and start a new run.")
                % {"name": m.name, "email": m.email}
            )
    if problems:
        return problems
    for m in waiting:
        person = found.get(m.email.lower())
        if person is None:
            person = account_actions.invite_person(
                actor, m.email, m.name, role=m.role if m.role in Role.values else Role.PROFESSIONAL,
                discipline=m.discipline, experience_years=m.experience_years,
            )
        m.person = person
        m.save(update_fields=["person", "updated_at"])
    return []


@transaction.atomic
def publish(actor: Any, run: FormationRun, *, without_unreachable: bool = False) -> list[Any]:
    """Create one intervision group per proposed group through the groups app (whose own
    rules are checked again there), place the members and facilitators, invite the members
    who have no account yet, tell the applicants who could not be placed, and use up the
    facilitators' capacity. All or nothing.

    Members with neither an account nor an e-mail address cannot be added: publishing
    refuses, naming them, unless ``without_unreachable`` — then they go to the waiting
    list, provided every group still has its minimum size without them."""
    run = FormationRun.objects.select_for_update().select_related("offer__organisation").get(pk=run.pk)
    offer = run.offer
    _require_coordinator(actor, offer)
    if run.status == RunStatus.PUBLISHED:
        raise Refused(_("This proposal has already been published."))
    if run.status != RunStatus.DONE:
        raise Refused(_("There is no proposal to publish yet."))
    if not run.groups:
        raise Refused(_("The proposal has no groups."))
    apps = {a.solver_id: a for a in Application.objects.select_for_update().filter(pk__in=run.application_ids).select_related("person")}
    caps = {str(c.pk): c for c in FacilitatorCapacity.objects.select_for_update().filter(pk__in=run.capacity_ids).select_related("person")}
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
        if cap is None or cap.new_groups_free < n:
            problems.append(_("A facilitator no longer has capacity for %(n)d new groups.") % {"n": n})
    if problems:
        raise Refused(*dict.fromkeys(problems))
    problems = _accounts_for(actor, offer, placed)
    if problems:
        raise Refused(*problems)
    created = []
    now = timezone.now()
    for index, g in enumerate(groups, start=1):
        members = [apps[m] for m in g["members"]]
        disciplines = {m.discipline for m in members}
        mono = "discipline" in offer.same_attributes and len(disciplines) == 1
        group = group_actions.create_group(
            actor, offer.organisation,
            name=(_("%(title)s – group %(n)d") % {"title": offer.title, "n": index})[:160],
            description=offer.description, min_size=offer.min_size, max_size=offer.max_size,
            composition=Composition.MONODISCIPLINARY if mono else Composition.MULTIDISCIPLINARY,
            discipline=next(iter(disciplines)) if mono else "", clients_allowed=offer.clients_allowed,
            min_experience_years=offer.min_experience_years,
        )
        cap = caps[g["facilitator"]]
        group_actions.add_member(actor, group, cap.person, MemberRole.FACILITATOR)
        for m in members:
            group_actions.add_member(actor, group, m.person, MemberRole.MEMBER)
            m.status, m.group, m.status_changed_at = ApplicationStatus.PLACED, group, now
            m.save(update_fields=["status", "group", "status_changed_at", "updated_at"])
        cap.new_groups_free -= 1
        cap.save(update_fields=["new_groups_free", "updated_at"])
        created.append(group)
    in_group = {m for g in groups for m in g["members"]}
    from kring.mail.actions import queue_mail

    for a in apps.values():
        # Only who is still accepted goes to the waiting list: someone who withdrew or was
        # declined meanwhile keeps that status.
        if a.solver_id in in_group or a.status != ApplicationStatus.ACCEPTED:
            continue
        a.status, a.status_changed_at = ApplicationStatus.WAITING, now
        a.save(update_fields=["status", "status_changed_at", "updated_at"])
        if a.person_id:
            queue_mail("kring.formation.not_placed", a.person, "formation/not_placed", {"offer_title": offer.title},
                       dedupe_key=f"formation-not-placed:{run.pk}:{a.pk}", about=a)
    if groups is not run.groups:
        run.objective = sum(g["score"] for g in groups)
    run.groups = groups
    run.unplaced = [*run.unplaced, *({"id": a.solver_id, "reason": NO_ADDRESS, "message": ""} for a in missing)]
    run.status, run.published_groups = RunStatus.PUBLISHED, [str(g.pk) for g in created]
    run.save(update_fields=["groups", "unplaced", "objective", "status", "published_groups", "updated_at"])
    audit("kring.formation.published", actor, run, groups=len(created), without=len(missing))
    return created
