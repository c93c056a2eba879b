"""Facilitator–applicant conflicts, leftover insertion and the MDGP crossover/pool."""
from __future__ import annotations

from typing import Any

import numpy as np

from kring.formation.solver.check import check
from kring.formation.solver.form import solve_groups
from kring.formation.solver.model import Group, Result, Rules
from kring.formation.solver.population import crossover, repair
from kring.formation.solver.repair import fits_fn, insert_leftovers, open_groups
from kring.formation.solver.search import iterated_tabu

from .helpers import facilitator, instance, person

FAST: dict[str, Any] = {"seconds": 1.0, "max_iterations": 200}


def test_facilitator_conflict_holds() -> None:
    people = [person(i, municipality=f"m{i % 3}") for i in range(8)]
    facs = [facilitator(0, 1), facilitator(1, 1)]
    inst = instance(people, facs, conflicts=[("f0", "a0"), ("a1", "f1")])
    res = solve_groups(inst, **FAST)
    assert res.violations == [] and check(inst, res) == [] and not res.unplaced
    lead = {m: g.facilitator for g in res.groups for m in g.members}
    assert lead["a0"] == "f1" and lead["a1"] == "f0"


def test_facilitator_conflict_that_cannot_hold_is_explained() -> None:
    people = [person(i) for i in range(4)]
    inst = instance(people, [facilitator(0, 1)], conflicts=[("f0", "a0")])
    res = solve_groups(inst, **FAST)
    assert res.violations == [] and check(inst, res) == []
    assert [sorted(g.members) for g in res.groups] == [["a1", "a2", "a3"]]
    (u,) = res.unplaced
    assert u.id == "a0" and u.reason == "facilitator_conflict" and "facilitator" in u.message
    assert any(d.rule == "facilitator conflicts" for d in res.diagnosis)


def test_checker_reports_facilitator_conflict() -> None:
    people = [person(i) for i in range(3)]
    inst = instance(people, [facilitator(0, 1)], conflicts=[("f0", "a2")])
    bad = Result([Group(["a0", "a1", "a2"], "f0", "mon-am")], [], 0.0, 0.0)
    bad.objective = 1.5 * 0  # all in m0/d0: no diversity
    assert any("facilitator f0 and a2" in v for v in check(inst, bad))


def test_leftover_inserted_by_moving_a_member() -> None:
    rules = Rules(min_size=2, max_size=3, outside_own_team=True, spread={})
    ppl = {p.id: p for p in [person(0, team="x"), person(1), person(2), person(3, team="x"),
                             person(4)]}
    groups = [Group(["a0", "a1", "a2"], "f0", "mon-am"), Group(["a4"], "f1", "mon-am")]
    fits = fits_fn(rules, {}, {}, ppl)
    # a3 shares team x with a0: a0 or another member must make way
    placed = insert_leftovers(groups, [ppl["a3"]], rules, fits, ppl)
    assert placed == {"a3"}
    for g in groups:
        assert len({ppl[m].team for m in g.members}) == len(g.members) <= 3


def test_leftovers_open_a_group_with_members_from_full_groups() -> None:
    rules = Rules(min_size=3, max_size=4, outside_own_team=False, spread={})
    ppl = {f"a{i}": person(i) for i in range(10)}
    groups = [Group([f"a{i}" for i in range(4)], "f0", "mon-am"),
              Group([f"a{i}" for i in range(4, 8)], "f0", "mon-am")]
    fits = fits_fn(rules, {}, {}, ppl)
    spare = {"f1": (1, frozenset({"mon-am"}))}
    placed = open_groups(groups, [ppl["a8"], ppl["a9"]], rules, fits, ppl, spare)
    assert placed == {"a8", "a9"} and len(groups) == 3
    assert sorted(len(g.members) for g in groups) == [3, 3, 4]


def test_crossover_and_repair_respect_bounds_and_are_deterministic() -> None:
    rng = np.random.default_rng(0)
    n, lower, upper = 30, np.array([4, 5, 6, 7]), np.array([9, 8, 10, 8])
    d = rng.uniform(0, 10, (n, n))
    d = np.triu(d, 1) + np.triu(d, 1).T
    pa = iterated_tabu(d, lower, upper, seed=1, max_iterations=300).assign
    pb = iterated_tabu(d, lower, upper, seed=2, max_iterations=300).assign
    kids = [crossover(d, lower, upper, pa, pb, np.random.default_rng(s)) for s in (5, 5, 6)]
    assert np.array_equal(kids[0], kids[1])
    for kid in kids:
        sizes = np.bincount(kid, minlength=4)
        assert np.all(sizes >= lower) and np.all(sizes <= upper)
    # repair frees members of roomy groups when the short ones need more than is left
    part = np.array([0] * 9 + [2] * 10 + [-1] * 11)
    sizes = np.bincount(repair(d, lower, upper, part), minlength=4)
    assert np.all(sizes >= lower) and np.all(sizes <= upper)


def test_population_search_is_deterministic() -> None:
    rng = np.random.default_rng(3)
    d = rng.uniform(0, 10, (40, 40))
    d = np.triu(d, 1) + np.triu(d, 1).T
    lower, upper = np.array([8, 9, 10, 6]), np.array([12, 11, 12, 10])
    a = iterated_tabu(d, lower, upper, seed=4, max_iterations=6000)
    b = iterated_tabu(d, lower, upper, seed=4, max_iterations=6000)
    assert np.array_equal(a.assign, b.assign) and a.objective == b.objective
