"""The one adapter between Kring's models and the formation solver (kring.formation.solver).

Everything that knows the solver's names lives here: converting an offer, its
applications and facilitator capacities into a solver instance, converting the answer
back into plain data for a FormationRun, translating the solver's reason codes into
Dutch, and checking a hand-made change against the same hard rules. If the solver's API
shifts, only this module changes."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import Relation
from kring.formation.capacity import free_groups
from kring.formation.models import ATTRIBUTE_LABELS, Application, FacilitatorCapacity, Offer

if TYPE_CHECKING:  # for the types only: the solver itself is imported where it runs
    from kring.formation.solver import model as sm

# The solver's reason codes for an unplaced applicant, in Dutch. Unknown codes fall back
# to a general sentence: the solver's own English text is never shown to people.
REASONS = {
    "ineligible_experience": gettext_lazy("Not enough years of experience for this offer."),
    "clients_not_allowed": gettext_lazy("This offer is for professionals only."),
    "client_cap": gettext_lazy("Every group that fits already has the most clients allowed."),
    "no_common_slot": gettext_lazy("No facilitator with free capacity can make any of this person's time slots."),
    "capacity": gettext_lazy("No facilitator with free capacity at a fitting time."),
    "conflicts": gettext_lazy("Every group with room holds someone from the same team or someone this person must stay apart from."),
    "facilitator_conflict": gettext_lazy("Every group with room is led by a facilitator this person must stay apart from."),
    "size": gettext_lazy("Too few applicants who fit together to make another group."),
    "num_groups": gettext_lazy("The required number of groups cannot be formed within the rules."),
}
GENERAL_REASON = gettext_lazy("Could not be placed in a group that meets all rules.")


class SolverUnavailable(Exception):
    """The solver library is missing or has no solve function (yet)."""


def reason_text(code: str) -> str:
    return str(REASONS.get(code, GENERAL_REASON))


# --- Building the instance -------------------------------------------------------------

def rules_for(offer: Offer) -> dict[str, Any]:
    return {
        "min_size": offer.min_size,
        "max_size": offer.max_size,
        "min_experience_years": float(offer.min_experience_years),
        "clients_allowed": offer.clients_allowed,
        "max_clients_per_group": offer.max_clients_per_group if offer.clients_allowed else 0,
        "outside_own_team": offer.outside_own_team,
        "common_slot": offer.common_slot,
        "spread": offer.spread(),
        "same": list(offer.same_attributes),
    }


def keep_apart_pairs(applications: Sequence[Application]) -> set[frozenset[str]]:
    """Pairs of applications (by solver id) who must not share a group: relations declared
    in Kring between their people, and e-mail addresses an applicant asked to avoid. The
    kind of a relation never leaves this function."""
    by_person = {str(a.person_id): a.solver_id for a in applications if a.person_id}
    by_email: dict[str, str] = {}
    for a in applications:
        if a.person_id and a.person is not None:
            by_email[a.person.email.lower()] = a.solver_id
    pairs: set[frozenset[str]] = set()
    if by_person:
        ids = list(by_person)
        relations = Relation.objects.filter(Q(declared_by_id__in=ids) & Q(other_id__in=ids)).values_list(
            "declared_by_id", "other_id"
        )
        for first, second in relations:
            pairs.add(frozenset((by_person[str(first)], by_person[str(second)])))
    for a in applications:
        for email in a.keep_apart_emails:
            other = by_email.get(str(email).lower())
            if other and other != a.solver_id:
                pairs.add(frozenset((a.solver_id, other)))
    return pairs


def _applicant_attrs(a: Application) -> dict[str, Any]:
    return {
        "id": a.solver_id, "name": a.name, "role": a.role, "discipline": a.discipline.strip().lower(),
        "team": a.team.strip().lower(), "organisation": a.organisation_name.strip().lower(),
        "municipality": a.municipality.strip().lower(), "experience_years": float(a.experience_years),
        "availability": frozenset(a.availability),
    }


def build_instance(offer: Offer, applications: Sequence[Application], capacities: Sequence[FacilitatorCapacity],
                   num_groups: int | None = None) -> sm.Instance:
    from kring.formation.solver import model as sm

    applicants = tuple(sm.Applicant(**_applicant_attrs(a)) for a in applications)
    facilitators = tuple(
        sm.Facilitator(id=str(c.pk), name=c.person.name, capacity=free_groups(c), availability=frozenset(c.availability))
        for c in capacities
    )
    # "other" for every pair: the solver needs to know that two people stay apart, not why.
    conflicts = tuple(sm.Conflict(a=a, b=b, kind="other") for a, b in (sorted(p) for p in keep_apart_pairs(applications)))
    # A facilitator may not lead a group holding someone they have a relation with: in the
    # solver a conflict row between the facilitator's id (the capacity) and the applicant.
    fac_of_person = {str(c.person_id): str(c.pk) for c in capacities}
    app_ids = {a.solver_id for a in applications}
    for pair in facilitator_apart_pairs(applications, capacities):
        person, app = sorted(pair, key=lambda x: x in app_ids)
        conflicts += (sm.Conflict(a=fac_of_person[person], b=app, kind="other"),)
    rules = rules_for(offer)
    rules["same"] = tuple(rules["same"])
    if num_groups is not None:
        rules["num_groups"] = num_groups
    return sm.Instance(applicants=applicants, facilitators=facilitators, conflicts=conflicts, rules=sm.Rules(**rules))


# --- Running ---------------------------------------------------------------------------

@dataclass
class Outcome:
    groups: list[dict[str, Any]]
    unplaced: list[dict[str, Any]]
    objective: float
    bound: float


def _solve_function() -> Callable[..., sm.Result]:
    try:
        from kring.formation.solver.form import solve_groups
    except ImportError as exc:
        raise SolverUnavailable(str(exc)) from None
    return solve_groups


def solve(
    offer: Offer,
    applications: Sequence[Application],
    capacities: Sequence[FacilitatorCapacity],
    *,
    seconds: float,
    seed: int,
    progress: Callable[[float], None] | None = None,
    max_iterations: int | None = None,
    num_groups: int | None = None,
) -> Outcome:
    """Run the solver; ``progress`` is called with a fraction (0–1) about twice a second.
    The solver runs in a thread so the caller's thread can report progress meanwhile."""
    solve_fn = _solve_function()
    instance = build_instance(offer, applications, capacities, num_groups)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            # max_iterations makes a run reproducible for its seed (tests); the web uses time.
            box["result"] = solve_fn(instance, seconds=seconds, seed=seed, max_iterations=max_iterations)
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=work, name="kring-formation-solver", daemon=True)
    started = time.monotonic()
    thread.start()
    while thread.is_alive():
        thread.join(timeout=0.5)
        if progress is not None and thread.is_alive():
            progress(min(0.99, (time.monotonic() - started) / max(seconds, 0.1)))
    if "error" in box:
        raise box["error"]
    return to_outcome(box["result"])


class SolverBrokeRules(Exception):
    """The solver's own independent checker found a broken hard rule: never show that."""


def to_outcome(result: sm.Result) -> Outcome:
    if getattr(result, "violations", None):
        raise SolverBrokeRules("; ".join(result.violations[:5]))
    groups = [
        {"members": [str(m) for m in g.members], "facilitator": str(g.facilitator) if g.facilitator else "",
         "slot": g.slot or "", "score": float(g.score)}
        for g in result.groups
    ]
    unplaced = [{"id": str(u.id), "reason": str(u.reason), "message": str(u.message)} for u in result.unplaced]
    return Outcome(groups=groups, unplaced=unplaced, objective=float(result.objective), bound=float(result.bound))


# --- Checking a proposal by hand ---------------------------------------------------------

def pair_score(a: Application, b: Application, spread: dict[str, float]) -> float:
    """The objective's contribution of one pair: the weights of the attributes they differ in."""
    attrs_a, attrs_b = _applicant_attrs(a), _applicant_attrs(b)
    return sum(w for attr, w in spread.items() if attrs_a.get(attr) != attrs_b.get(attr))


def group_score(members: Sequence[Application], spread: dict[str, float]) -> float:
    return sum(pair_score(a, b, spread) for a, b in combinations(members, 2))


def common_slots(members: Iterable[Application], capacity: FacilitatorCapacity | None) -> set[str]:
    sets = [set(m.availability) for m in members]
    if capacity is not None:
        sets.append(set(capacity.availability))
    return set.intersection(*sets) if sets else set()


def group_problems(
    offer: Offer,
    members: Sequence[Application],
    capacity: FacilitatorCapacity | None,
    apart: set[frozenset[str]],
    facilitator_apart: set[frozenset[str]] | None = None,
) -> list[str]:
    """Every hard rule a proposed group breaks, in Dutch, naming people but never the kind
    of relation between them."""
    problems: list[str] = []
    if len(members) > offer.max_size:
        problems.append(_("A group holds at most %(max)d members.") % {"max": offer.max_size})
    if len(members) < offer.min_size:
        problems.append(_("A group needs at least %(min)d members.") % {"min": offer.min_size})
    for a, b in combinations(members, 2):
        if frozenset((a.solver_id, b.solver_id)) in apart:
            problems.append(_("%(a)s and %(b)s cannot be in one group.") % {"a": a.name, "b": b.name})
        if offer.outside_own_team and a.team.strip() and a.team.strip().lower() == b.team.strip().lower():
            problems.append(_("%(a)s and %(b)s are in the same team.") % {"a": a.name, "b": b.name})
    clients = [m for m in members if m.role == "client"]
    if clients and not offer.clients_allowed:
        problems.append(_("This offer is for professionals only."))
    elif len(clients) > offer.max_clients_per_group:
        problems.append(_("A group may have at most %(max)d clients.") % {"max": offer.max_clients_per_group})
    for m in members:
        if m.experience_years < offer.min_experience_years:
            problems.append(_("%(name)s has too few years of experience.") % {"name": m.name})
    for attr in offer.same_attributes:
        if len({_applicant_attrs(m)[attr] for m in members}) > 1:
            problems.append(_("Everyone in a group must have the same %(attr)s.") % {"attr": _attr_label(attr)})
    if capacity is not None and facilitator_apart:
        for m in members:
            if frozenset((str(capacity.person_id), m.solver_id)) in facilitator_apart:
                problems.append(_("%(a)s and %(b)s cannot be in one group.") % {"a": capacity.person.name, "b": m.name})
    if offer.common_slot and members and not common_slots(members, capacity):
        problems.append(_("The members and the facilitator have no time slot in common."))
    return problems


def _attr_label(attr: str) -> str:
    return str(ATTRIBUTE_LABELS.get(attr, attr))


def facilitator_apart_pairs(applications: Sequence[Application], capacities: Sequence[FacilitatorCapacity]) -> set[frozenset[str]]:
    """(facilitator person id, application solver id) pairs with a relation in Kring: the
    groups app would refuse such a facilitator when the group is published."""
    by_person = {str(a.person_id): a.solver_id for a in applications if a.person_id}
    fac_ids = [str(c.person_id) for c in capacities]
    if not by_person or not fac_ids:
        return set()
    rows = Relation.objects.filter(
        Q(declared_by_id__in=fac_ids, other_id__in=list(by_person)) | Q(declared_by_id__in=list(by_person), other_id__in=fac_ids)
    ).values_list("declared_by_id", "other_id")
    pairs = set()
    for a, b in rows:
        fac, app = (str(a), str(b)) if str(a) in fac_ids else (str(b), str(a))
        pairs.add(frozenset((fac, by_person[app])))
    return pairs
