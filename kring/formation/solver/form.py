"""Kring group formation: applicants → groups under the hard rules, maximising diversity.

Pipeline: eligibility filter → plan buckets (slot, `same` values), group counts and
facilitators with CP-SAT (plan.py) → split each bucket with the MDGP tabu search
(construct.py) → facilitators matched to groups, leftovers inserted (repair.py) →
reasons for everyone left out → proven upper bound (bound.py) → the independent checker
(check.py) fills `violations`.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from .bound import diversity_bound
from .check import check, pair_score
from .construct import split_bucket
from .model import Applicant, Diagnosis, Group, Instance, Result, Unplaced
from .plan import Bucket, make_plan
from .repair import fits_fn, insert_leftovers, match_facilitators, open_groups

RULE_OF_REASON = {
    "ineligible_experience": "min_experience_years",
    "clients_not_allowed": "clients_allowed",
    "client_cap": "max_clients_per_group",
    "no_common_slot": "common_slot",
    "capacity": "facilitator capacity",
    "conflicts": "conflicts / outside_own_team",
    "facilitator_conflict": "facilitator conflicts",
    "size": "min_size / max_size",
    "num_groups": "num_groups",
}


def cannot_links(inst: Instance) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(applicant → applicants to keep apart, facilitator → applicants they may not
    lead). A row naming a facilitator and an applicant is a facilitator conflict."""
    apps = {a.id for a in inst.applicants}
    facs = {f.id for f in inst.facilitators}
    out: dict[str, set[str]] = defaultdict(set)
    fac: dict[str, set[str]] = defaultdict(set)
    for c in inst.conflicts:
        if c.a in apps and c.b in apps:
            out[c.a].add(c.b)
            out[c.b].add(c.a)
        elif c.a in facs and c.b in apps:
            fac[c.a].add(c.b)
        elif c.b in facs and c.a in apps:
            fac[c.b].add(c.a)
    return out, fac


def solve_groups(inst: Instance, *, seconds: float = 10.0, seed: int = 0,
                 max_iterations: int | None = None, workers: int = 1) -> Result:
    """max_iterations (per bucket search) makes the result reproducible for a seed."""
    t0 = time.perf_counter()
    r = inst.rules
    cannot, fac_cannot = cannot_links(inst)
    unplaced: list[Unplaced] = []
    facs = [f for f in inst.facilitators if f.capacity > 0]
    fac_slots = set().union(*(f.availability for f in facs)) if facs else set()
    people: list[Applicant] = []
    for a in inst.applicants:
        u = _ineligible(a, inst, facs, fac_slots)
        if u:
            unplaced.append(u)
        else:
            people.append(a)
    eligible = len(people)
    plan_seconds = max(0.3, 0.15 * seconds)
    plan = make_plan(inst, people, cannot, seconds=plan_seconds, seed=seed, workers=workers,
                     reproducible=max_iterations is not None)
    diagnosis: list[Diagnosis] = []
    groups: list[Group] = []
    if plan.status == "infeasible":
        diagnosis.append(Diagnosis("num_groups", _num_groups_message(inst, len(people))))
        unplaced += [Unplaced(a.id, "num_groups", f"no grouping with exactly {r.num_groups} "
                              "groups meets the rules") for a in people]
        people = []
    else:
        # keep 12 % back for the repairs, the bound and the checker
        left = max(0.1, seconds - (time.perf_counter() - t0) - 0.12 * seconds)
        work = sum(len(b.members) ** 2 for b in plan.buckets) or 1
        for bi, b in enumerate(plan.buckets):
            share = left * len(b.members) ** 2 / work
            groups += _form_bucket(b, inst, cannot, fac_cannot, seed + bi, share,
                                   max_iterations)
    by_id = {a.id: a for a in inst.applicants}
    placed = {i for g in groups for i in g.members}
    fits = fits_fn(r, cannot, fac_cannot, by_id)
    placed |= insert_leftovers(groups, [a for a in people if a.id not in placed], r, fits,
                               by_id)
    if r.num_groups is None and len(placed) < len(people):
        used = Counter(g.facilitator for g in groups)
        spare = {f.id: (f.capacity - used[f.id], f.availability) for f in facs
                 if f.capacity > used[f.id]}
        placed |= open_groups(groups, [a for a in people if a.id not in placed], r, fits,
                              by_id, spare)
    for a in people:
        if a.id not in placed:
            unplaced.append(_reason(a, inst, groups, by_id, cannot, fac_cannot, facs))
    for g in groups:
        members = [by_id[i] for i in g.members]
        g.score = sum(pair_score(members[x], members[y], r.spread)
                      for x in range(len(members)) for y in range(x + 1, len(members)))
    objective = float(sum(g.score for g in groups))
    values = {attr: [by_id[i].attr(attr) for i in placed] for attr in r.spread}
    bound = diversity_bound(values, r.spread, [len(g.members) for g in groups], r.same)
    diagnosis += _diagnose(unplaced, inst, eligible)
    result = Result(groups, unplaced, objective, max(bound, objective), diagnosis)
    result.violations = check(inst, result)
    result.seconds = time.perf_counter() - t0
    return result


def _ineligible(a: Applicant, inst: Instance, facs: list, fac_slots: set[str]) -> Unplaced | None:
    r = inst.rules
    if a.experience_years < r.min_experience_years:
        return Unplaced(a.id, "ineligible_experience",
                        f"{a.experience_years:g} years of experience, "
                        f"{r.min_experience_years:g} required")
    if a.role == "client" and not r.clients_allowed:
        return Unplaced(a.id, "clients_not_allowed", "clients are not allowed in these groups")
    if a.role == "client" and r.max_clients_per_group == 0:
        return Unplaced(a.id, "client_cap", "max_clients_per_group is 0")
    if not facs:
        return Unplaced(a.id, "capacity", "no facilitator has capacity for a new group")
    if r.common_slot and not (a.availability & fac_slots):
        slots = ", ".join(sorted(a.availability)) or "no slots"
        return Unplaced(a.id, "no_common_slot",
                        f"available at {slots}; no facilitator with capacity shares a slot")
    return None


def _form_bucket(b: Bucket, inst: Instance, cannot: dict[str, set[str]],
                 fac_cannot: dict[str, set[str]], seed: int, seconds: float,
                 max_iterations: int | None) -> list[Group]:
    r = inst.rules
    k = len(b.facilitators)
    idx_groups, removed = split_bucket(b.members, k, r, cannot, seed=seed, seconds=seconds,
                                       max_iterations=max_iterations)
    people = b.members
    conflict = _conflict_fn(people, r.outside_own_team, cannot)

    def fits(i: int, g: list[int]) -> bool:
        clients = sum(people[j].role == "client" for j in g)
        return (len(g) < r.max_size and not any(conflict(i, j) for j in g)
                and (people[i].role != "client" or clients < r.max_clients_per_group))

    for i in list(removed):  # a removed person may still fit a group with room
        for g in sorted(idx_groups, key=len):
            if fits(i, g):
                g.append(i)
                removed.remove(i)
                break
    for g in idx_groups:  # refill groups that repairs left too small
        for h in idx_groups:
            while len(g) < r.min_size and len(h) > r.min_size:
                mover = next((i for i in h if fits(i, g)), None)
                if mover is None:
                    break
                h.remove(mover)
                g.append(mover)
    idx_groups = [g for g in idx_groups if len(g) >= r.min_size]
    chosen = match_facilitators([[people[i].id for i in g] for g in idx_groups],
                                b.facilitators, fac_cannot)
    out = []
    for g, pi in zip(idx_groups, chosen, strict=True):
        fid = b.facilitators[pi]
        # members the facilitator may not lead leave (the leftover pass may re-place them)
        members = [i for i in sorted(g) if people[i].id not in fac_cannot.get(fid, ())]
        if len(members) >= r.min_size:
            out.append(Group([people[i].id for i in members], fid, b.slot))
    return out


def _conflict_fn(people: list[Applicant], team_rule: bool, cannot: dict[str, set[str]]):
    def conflict(i: int, j: int) -> bool:
        a, b = people[i], people[j]
        return (team_rule and a.team == b.team) or b.id in cannot.get(a.id, ())
    return conflict


def _reason(a: Applicant, inst: Instance, groups: list[Group], by_id: dict[str, Applicant],
            cannot: dict[str, set[str]], fac_cannot: dict[str, set[str]],
            facs: list) -> Unplaced:
    """Why an eligible applicant with a usable slot is still out, most specific first."""
    r = inst.rules
    mine = [g for g in groups if (not r.common_slot or g.slot in a.availability)
            and all(by_id[m].attr(x) == a.attr(x) for m in g.members[:1] for x in r.same)]
    roomy = [g for g in mine if len(g.members) < r.max_size]
    if a.role == "client" and roomy and all(
            sum(by_id[m].role == "client" for m in g.members) >= r.max_clients_per_group
            for g in roomy):
        return Unplaced(a.id, "client_cap", "every group this client could join already has "
                        f"{r.max_clients_per_group} clients")
    if roomy and all(any(m in cannot.get(a.id, ()) or (r.outside_own_team and by_id[m].team == a.team)
                         for m in g.members) for g in roomy):
        return Unplaced(a.id, "conflicts", "every group with room at this applicant's slots holds "
                        "someone from the same team or with a conflict")
    if roomy and all(a.id in fac_cannot.get(g.facilitator, ()) for g in roomy):
        return Unplaced(a.id, "facilitator_conflict", "every group with room at this "
                        "applicant's slots is led by a facilitator they must stay apart from")
    used = Counter(g.facilitator for g in groups)
    spare = [f for f in facs if used[f.id] < f.capacity
             and (not r.common_slot or f.availability & a.availability)]
    if not spare:
        return Unplaced(a.id, "capacity", "all groups at this applicant's slots are full and no "
                        "facilitator available then has capacity for another group")
    if a.role == "client" and not roomy:
        return Unplaced(a.id, "client_cap", "not enough places for clients at this applicant's "
                        "slots")
    return Unplaced(a.id, "size", f"too few applicants share this applicant's slots (and rules) "
                    f"to form another group of at least {r.min_size}")


def _num_groups_message(inst: Instance, eligible: int) -> str:
    r = inst.rules
    cap = sum(f.capacity for f in inst.facilitators)
    n = r.num_groups or 0
    if n > cap:
        return f"num_groups is {n} but the facilitators can take only {cap} new groups"
    if n * r.min_size > eligible:
        return (f"num_groups is {n} with min_size {r.min_size} needs {n * r.min_size} "
                f"applicants; only {eligible} are eligible")
    return f"no split into exactly {n} groups satisfies slots, sizes and conflicts"


def _diagnose(unplaced: list[Unplaced], inst: Instance, eligible: int) -> list[Diagnosis]:
    r = inst.rules
    out: list[Diagnosis] = []
    if eligible < r.min_size and inst.applicants:
        out.append(Diagnosis("min_size", f"min_size is {r.min_size} but only {eligible} "
                             f"applicant(s) are eligible"))
    for reason, count in sorted(Counter(u.reason for u in unplaced).items()):
        if reason == "num_groups":
            continue
        out.append(Diagnosis(RULE_OF_REASON.get(reason, reason),
                             f"{count} applicant(s) unplaced: {reason}"))
    return out


__all__ = ["solve_groups"]
