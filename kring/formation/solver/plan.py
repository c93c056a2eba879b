"""Stage 1 of Kring formation: decide who goes to which (slot, `same` values) bucket,
how many groups each bucket gets and which facilitators lead them (CP-SAT).

Within one bucket all members share the slot and the `same` attributes, so stage 2 only
has to split a bucket into groups (sizes, cannot-links, client cap). The aggregate model
keeps the necessary conditions for that split to exist:
  min·y_b ≤ |members_b| ≤ max·y_b,  clients_b ≤ cap·y_b,
  members of one team in b ≤ y_b (outside_own_team),  x_a,b + x_c,b ≤ y_b per conflict,
and lets facilitator f lead z_f,b groups (Σ_b z_f,b ≤ capacity, f available at the slot).
Objective: place as many as possible, then use as few groups as possible (fewer, larger
groups hold more pairs and so more diversity).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .model import Applicant, Facilitator, Instance

BucketKey = tuple[str | None, tuple[str, ...]]


@dataclass
class Bucket:
    key: BucketKey
    members: list[Applicant] = field(default_factory=list)
    facilitators: list[str] = field(default_factory=list)  # one entry per group

    @property
    def slot(self) -> str | None:
        return self.key[0]


@dataclass
class Plan:
    buckets: list[Bucket]
    status: str  # "optimal" | "feasible" | "infeasible"


def candidate_keys(a: Applicant, inst: Instance, slots: set[str]) -> list[BucketKey]:
    vals = tuple(a.attr(x) for x in inst.rules.same)
    if not inst.rules.common_slot:
        return [(None, vals)]
    return [(s, vals) for s in sorted(a.availability & slots)]


def facilitator_slots(f: Facilitator, common_slot: bool) -> set[str | None]:
    return set(f.availability) if common_slot else {None}


def make_plan(inst: Instance, people: list[Applicant], cannot: dict[str, set[str]],
              *, seconds: float, seed: int, workers: int = 1, reproducible: bool = False) -> Plan:
    r = inst.rules
    facs = [f for f in inst.facilitators if f.capacity > 0]
    slots = set().union(*(f.availability for f in facs)) if facs else set()
    model = cp_model.CpModel()
    x: dict[tuple[int, BucketKey], cp_model.IntVar] = {}
    by_bucket: dict[BucketKey, list[int]] = defaultdict(list)
    for ai, a in enumerate(people):
        keys = candidate_keys(a, inst, slots) if facs else []
        for key in keys:
            x[ai, key] = model.new_bool_var("")
            by_bucket[key].append(ai)
        if len(keys) > 1:
            model.add_at_most_one([x[ai, key] for key in keys])
    y: dict[BucketKey, cp_model.IntVar] = {}
    z: dict[tuple[int, BucketKey], cp_model.IntVar] = {}
    z_of: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for key in sorted(by_bucket, key=str):
        idx = by_bucket[key]
        fi = [k for k, f in enumerate(facs) if key[0] in facilitator_slots(f, r.common_slot)]
        ub = min(len(idx) // max(r.min_size, 1), sum(facs[k].capacity for k in fi))
        y[key] = model.new_int_var(0, ub, "")
        for k in fi:
            z[k, key] = model.new_int_var(0, min(facs[k].capacity, ub), "")
            z_of[k].append(z[k, key])
        model.add(y[key] == sum(z[k, key] for k in fi))
        xs = [x[i, key] for i in idx]
        model.add(sum(xs) >= r.min_size * y[key])
        model.add(sum(xs) <= r.max_size * y[key])
        clients = [x[i, key] for i in idx if people[i].role == "client"]
        if clients:
            model.add(sum(clients) <= r.max_clients_per_group * y[key])
        if r.outside_own_team:
            teams: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            for i in idx:
                teams[people[i].team].append(x[i, key])
            for members in teams.values():
                if len(members) > 1:
                    model.add(sum(members) <= y[key])
        inside = {people[i].id: i for i in idx}
        for i in idx:
            for other in cannot.get(people[i].id, ()):
                j = inside.get(other)
                if j is not None and i < j:
                    model.add(x[i, key] + x[j, key] <= y[key])
    for k, f in enumerate(facs):
        if z_of[k]:
            model.add(sum(z_of[k]) <= f.capacity)
    total_groups = sum(y.values())
    if r.num_groups is not None:
        model.add(total_groups == r.num_groups)
    weight = sum(f.capacity for f in facs) + 1
    model.maximize(weight * sum(x.values()) - total_groups)
    hint = greedy_plan(inst, people, cannot, facs, by_bucket)
    for (ai, key), var in x.items():
        model.add_hint(var, int(hint.x.get(ai) == key))
    for key, var in y.items():
        model.add_hint(var, hint.y.get(key, 0))
    for (k, key), var in z.items():
        model.add_hint(var, hint.z.get((k, key), 0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # deterministic work limit: with one worker the answer then depends on the seed only, as long
    # as the wall-clock limit is not reached first; a reproducible run (an iteration budget) keeps
    # the wall clock as a far cap only, so a loaded machine gives the same plan
    solver.parameters.max_deterministic_time = max(0.2, seconds / 3)
    solver.parameters.max_time_in_seconds = max(60.0, seconds * 20) if reproducible else seconds
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return Plan([], "infeasible")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if r.num_groups is not None and sum(hint.y.values()) != r.num_groups:
            return Plan([], "infeasible")  # unproven, but nothing found in time
        chosen_x, chosen_y, chosen_z = hint.x, hint.y, hint.z
    else:
        chosen_x = {ai: key for (ai, key), v in x.items() if solver.boolean_value(v)}
        chosen_y = {key: solver.value(v) for key, v in y.items()}
        chosen_z = {kk: solver.value(v) for kk, v in z.items()}
    buckets: list[Bucket] = []
    for key in sorted(y, key=str):
        if chosen_y.get(key, 0) == 0:
            continue
        b = Bucket(key)
        b.members = [people[i] for i in by_bucket[key] if chosen_x.get(i) == key]
        for k, f in enumerate(facs):
            b.facilitators += [f.id] * chosen_z.get((k, key), 0)
        buckets.append(b)
    return Plan(buckets, "optimal" if status == cp_model.OPTIMAL else "feasible")


@dataclass
class Assignment:
    x: dict[int, BucketKey] = field(default_factory=dict)  # applicant → bucket
    y: dict[BucketKey, int] = field(default_factory=dict)  # groups per bucket
    z: dict[tuple[int, BucketKey], int] = field(default_factory=dict)  # fac, bucket → groups


def greedy_plan(inst: Instance, people: list[Applicant], cannot: dict[str, set[str]],
                facs: list[Facilitator], by_bucket: dict[BucketKey, list[int]]) -> Assignment:
    """A feasible start for CP-SAT: repeatedly open a group in the bucket with most
    unplaced candidates (led by the facilitator there with fewest other options) and fill
    it, least flexible applicants first, one per team, no conflicts, clients capped."""
    r = inst.rules
    out = Assignment()
    spare = [f.capacity for f in facs]
    options = Counter(ai for idx in by_bucket.values() for ai in idx)
    dead: set[BucketKey] = set()
    while True:
        free = {key: [i for i in idx if i not in out.x] for key, idx in by_bucket.items()
                if key not in dead}
        free = {k: v for k, v in free.items() if len(v) >= r.min_size}
        if not free:
            return out
        key = max(sorted(free, key=str), key=lambda k: len(free[k]))
        fi = [k for k, f in enumerate(facs) if spare[k] > 0
              and key[0] in facilitator_slots(f, r.common_slot)]
        if not fi:
            dead.add(key)
            continue
        group: list[int] = []
        teams: set[str] = set()
        clients = 0
        for i in sorted(free[key], key=lambda i: (options[i], i)):
            a = people[i]
            if len(group) == r.max_size:
                break
            if (r.outside_own_team and a.team in teams) or any(
                    people[j].id in cannot.get(a.id, ()) for j in group):
                continue
            if a.role == "client" and clients >= r.max_clients_per_group:
                continue
            group.append(i)
            teams.add(a.team)
            clients += a.role == "client"
        if len(group) < r.min_size:
            dead.add(key)
            continue
        k = min(fi, key=lambda k: (len(facs[k].availability), k))
        spare[k] -= 1
        out.z[k, key] = out.z.get((k, key), 0) + 1
        out.y[key] = out.y.get(key, 0) + 1
        for i in group:
            out.x[i] = key
