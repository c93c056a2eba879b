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

from collections import defaultdict
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
              *, seconds: float, seed: int, workers: int = 1) -> Plan:
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
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = seconds
    # deterministic work limit: with one worker the answer then depends on the seed only
    solver.parameters.max_deterministic_time = max(0.5, seconds)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Plan([], "infeasible")
    buckets: list[Bucket] = []
    for key in sorted(y, key=str):
        groups = solver.value(y[key])
        if groups == 0:
            continue
        b = Bucket(key)
        b.members = [people[i] for i in by_bucket[key] if solver.boolean_value(x[i, key])]
        for k, f in enumerate(facs):
            if (k, key) in z:
                b.facilitators += [f.id] * solver.value(z[k, key])
        buckets.append(b)
    return Plan(buckets, "optimal" if status == cp_model.OPTIMAL else "feasible")
