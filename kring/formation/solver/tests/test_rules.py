"""Each hard rule holds, and makes people unplaced with a clear reason when it cannot."""
from __future__ import annotations

from typing import Any

from kring.formation.solver.check import check
from kring.formation.solver.form import solve_groups

from .helpers import facilitator, instance, person

FAST: dict[str, Any] = {"seconds": 1.0, "max_iterations": 200}


def solve(inst):
    res = solve_groups(inst, **FAST)
    assert res.violations == [] and check(inst, res) == []
    return res, {u.id: u for u in res.unplaced}


def test_sizes_hold() -> None:
    res, _ = solve(instance([person(i) for i in range(11)], [facilitator(0, 5)]))
    assert all(3 <= len(g.members) <= 4 for g in res.groups)
    assert sum(len(g.members) for g in res.groups) == 11


def test_min_size_larger_than_eligible_count() -> None:
    res, out = solve(instance([person(i) for i in range(5)], [facilitator(0)], min_size=6,
                              max_size=8))
    assert res.groups == [] and {u.reason for u in out.values()} == {"size"}
    assert any(d.rule == "min_size" and "only 5" in d.message for d in res.diagnosis)


def test_experience_eligibility() -> None:
    people = [person(i) for i in range(4)] + [person(9, experience=0.5)]
    _res, out = solve(instance(people, [facilitator(0)]))
    assert out["a9"].reason == "ineligible_experience"
    assert out["a9"].message == "0.5 years of experience, 1 required"


def test_clients_not_allowed_and_client_cap() -> None:
    people = [person(i) for i in range(6)] + [person(10 + i, role="client") for i in range(4)]
    res, out = solve(instance(people, [facilitator(0)], clients_allowed=False))
    assert {out[f"a{10 + i}"].reason for i in range(4)} == {"clients_not_allowed"}
    res, out = solve(instance(people, [facilitator(0)], max_clients_per_group=0))
    assert {out[f"a{10 + i}"].reason for i in range(4)} == {"client_cap"}
    res, out = solve(instance(people, [facilitator(0)], max_clients_per_group=1))
    by_id = {p.id: p for p in people}
    assert all(sum(by_id[m].role == "client" for m in g.members) <= 1 for g in res.groups)
    assert sum(u.reason == "client_cap" for u in out.values()) == 4 - len(res.groups)


def test_conflicts_and_teams_are_separated() -> None:
    people = [person(i, team=f"t{i % 2}") for i in range(8)]
    res, _ = solve(instance(people, [facilitator(0)], conflicts=[("a0", "a1")], min_size=2,
                            max_size=4))
    for g in res.groups:
        assert len({int(m[1:]) % 2 for m in g.members}) == len(g.members)  # one per team
    assert len(res.groups) == 4 and not any({"a0", "a1"} <= set(g.members) for g in res.groups)


def test_related_pair_who_are_the_only_ones_sharing_a_slot() -> None:
    people = [person(i, slots=("mon-am", "tue-pm") if i < 2 else ("mon-am",))
              for i in range(4)]
    facs = [facilitator(0, 1, ("tue-pm",))]
    res, out = solve(instance(people, facs, conflicts=[("a0", "a1")], min_size=2, max_size=4))
    assert res.groups == [] and {"a0", "a1"} <= set(out)
    assert out["a2"].reason == "no_common_slot"
    res, out = solve(instance(people, facs, min_size=2, max_size=4))
    assert [sorted(g.members) for g in res.groups] == [["a0", "a1"]]
    assert res.groups[0].slot == "tue-pm"


def test_common_slot_shared_with_facilitator() -> None:
    people = [person(i, slots=("mon-am", "wed-am") if i % 3 else ("mon-am", "fri-pm"))
              for i in range(9)]
    res, out = solve(instance(people, [facilitator(0, 2, ("wed-am", "tue-pm"))]))
    assert res.groups and all(g.slot == "wed-am" for g in res.groups)
    assert {u.reason for u in out.values()} == {"no_common_slot"} and len(out) == 3
    assert "fri-pm, mon-am" in out["a0"].message


def test_facilitator_capacity_zero_and_limit() -> None:
    res, out = solve(instance([person(i) for i in range(8)], [facilitator(0, 0)]))
    assert res.groups == [] and {u.reason for u in out.values()} == {"capacity"}
    res, out = solve(instance([person(i) for i in range(8)], [facilitator(0, 1)]))
    assert len(res.groups) == 1 and {u.reason for u in out.values()} == {"capacity"}


def test_same_attribute_is_homogeneous() -> None:
    people = [person(i, discipline=f"d{i % 2}", municipality=f"m{i % 3}") for i in range(12)]
    res, _ = solve(instance(people, [facilitator(0, 4)], same=("discipline",)))
    assert res.groups
    by_id = {p.id: p for p in people}
    assert all(len({by_id[m].discipline for m in g.members}) == 1 for g in res.groups)


def test_diversity_is_spread() -> None:
    people = [person(i, municipality=f"m{i // 3}") for i in range(9)]  # 3 × 3 same town
    res, _ = solve(instance(people, [facilitator(0)], min_size=3, max_size=3))
    assert res.objective == res.bound == 9.0 and res.gap == 0.0
