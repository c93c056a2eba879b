"""Independent checker: lists every violated hard rule of a result and recomputes the
objective from scratch. Deliberately shares no logic with the solver (plain loops)."""

from __future__ import annotations

from itertools import combinations

from .model import Applicant, Instance, Result


def pair_score(a: Applicant, b: Applicant, spread: dict[str, float]) -> float:
    return sum(w for attr, w in spread.items() if getattr(a, attr) != getattr(b, attr))


def recompute_objective(inst: Instance, result: Result) -> float:
    by_id = {a.id: a for a in inst.applicants}
    total = 0.0
    for g in result.groups:
        people = [by_id[i] for i in g.members if i in by_id]
        for a, b in combinations(people, 2):
            total += pair_score(a, b, inst.rules.spread)
    return total


def check(inst: Instance, result: Result) -> list[str]:
    r = inst.rules
    out: list[str] = []
    by_id = {a.id: a for a in inst.applicants}
    fac = {f.id: f for f in inst.facilitators}
    seen: dict[str, str] = {}
    for k, g in enumerate(result.groups):
        for i in g.members:
            if i not in by_id:
                out.append(f"group {k}: unknown applicant {i}")
            elif i in seen:
                out.append(f"applicant {i} placed more than once")
            seen[i] = f"group {k}"
    for u in result.unplaced:
        if u.id not in by_id:
            out.append(f"unplaced: unknown applicant {u.id}")
        elif u.id in seen:
            out.append(f"applicant {u.id} both placed and unplaced")
        seen[u.id] = "unplaced"
    for a in inst.applicants:
        if a.id not in seen:
            out.append(f"applicant {a.id} neither placed nor unplaced")

    cannot = {frozenset((c.a, c.b)): c.kind for c in inst.conflicts}
    load: dict[str, int] = {}
    for k, g in enumerate(result.groups):
        people = [by_id[i] for i in g.members if i in by_id]
        if not r.min_size <= len(g.members) <= r.max_size:
            out.append(f"group {k}: size {len(g.members)} outside [{r.min_size}, {r.max_size}]")
        for a in people:
            if a.experience_years < r.min_experience_years:
                out.append(f"group {k}: {a.id} has {a.experience_years} years of experience")
            if a.role == "client" and not r.clients_allowed:
                out.append(f"group {k}: {a.id} is a client but clients are not allowed")
        clients = sum(1 for a in people if a.role == "client")
        if clients > r.max_clients_per_group:
            out.append(f"group {k}: {clients} clients, at most {r.max_clients_per_group}")
        for a, b in combinations(people, 2):
            kind = cannot.get(frozenset((a.id, b.id)))
            if kind is not None:
                out.append(f"group {k}: {a.id} and {b.id} have a {kind} conflict")
            if r.outside_own_team and a.team == b.team:
                out.append(f"group {k}: {a.id} and {b.id} are in the same team {a.team}")
        for attr in r.same:
            values = {getattr(a, attr) for a in people}
            if len(values) > 1:
                out.append(f"group {k}: {attr} differs within the group")
        f = fac.get(g.facilitator)
        if f is None:
            out.append(f"group {k}: unknown facilitator {g.facilitator!r}")
            continue
        for a in people:
            kind = cannot.get(frozenset((f.id, a.id)))
            if kind is not None:
                out.append(f"group {k}: facilitator {f.id} and {a.id} have a {kind} conflict")
        load[f.id] = load.get(f.id, 0) + 1
        if r.common_slot:
            if g.slot is None or g.slot not in f.availability:
                out.append(f"group {k}: facilitator {f.id} is not available at {g.slot}")
            for a in people:
                if g.slot not in a.availability:
                    out.append(f"group {k}: {a.id} is not available at {g.slot}")
    for fid, n in load.items():
        if n > fac[fid].capacity:
            out.append(f"facilitator {fid}: {n} groups, capacity {fac[fid].capacity}")
    if r.num_groups is not None and result.groups and len(result.groups) != r.num_groups:
        out.append(f"{len(result.groups)} groups, num_groups is {r.num_groups}")
    if abs(recompute_objective(inst, result) - result.objective) > 1e-6 * max(1.0, result.objective):
        out.append("objective does not match the groups")
    return out
