from __future__ import annotations

import numpy as np
import pytest

from kring.formation.solver.exact import integer_weights, solve_exact
from kring.formation.solver.mdgp import FormatError, MdgpInstance, objective, read_mdgplib
from kring.formation.solver.search import iterated_tabu
from kring.formation.solver.solve import solve_mdgp

from .helpers import brute_force_mdgp


def random_instance(n: int, m: int, seed: int, equal: bool, decimals: bool = True) -> MdgpInstance:
    rng = np.random.default_rng(seed)
    raw = rng.uniform(0, 100, size=(n, n)).round(3 if decimals else 0)
    d = np.triu(raw, 1)
    d = d + d.T
    if equal:
        lower = upper = np.full(m, n // m)
    else:
        lower = np.full(m, max(1, n // m - 1))
        upper = np.full(m, n // m + 2)
    return MdgpInstance(d=d, lower=np.asarray(lower), upper=np.asarray(upper))


CASES = [(8, 2, True), (8, 2, False), (9, 3, True), (9, 3, False), (10, 2, True),
         (10, 2, False), (8, 4, True)]


@pytest.mark.parametrize("method", ["auto", "cp-sat"])
@pytest.mark.parametrize(("n", "m", "equal"), CASES)
def test_exact_matches_brute_force(n: int, m: int, equal: bool, method: str) -> None:
    for seed in range(2):
        inst = random_instance(n, m, seed, equal)
        res = solve_exact(inst, seconds=10, workers=1, method=method)
        assert res.optimal
        assert res.objective == pytest.approx(brute_force_mdgp(inst.d, inst.lower, inst.upper))
        sizes = np.bincount(res.assign, minlength=m)
        assert np.all(sizes >= inst.lower) and np.all(sizes <= inst.upper)


@pytest.mark.parametrize(("n", "m", "equal"), CASES[:4])
def test_tabu_finds_small_optimum(n: int, m: int, equal: bool) -> None:
    inst = random_instance(n, m, 7, equal)
    res = iterated_tabu(inst.d, inst.lower, inst.upper, seed=1, max_iterations=3000)
    assert res.objective == pytest.approx(brute_force_mdgp(inst.d, inst.lower, inst.upper))
    assert objective(inst.d, res.assign) == pytest.approx(res.objective)


def test_tabu_is_deterministic_for_seed_and_iterations() -> None:
    inst = random_instance(40, 5, 3, False)
    a = iterated_tabu(inst.d, inst.lower, inst.upper, seed=5, max_iterations=2000)
    b = iterated_tabu(inst.d, inst.lower, inst.upper, seed=5, max_iterations=2000)
    assert np.array_equal(a.assign, b.assign) and a.objective == b.objective


def test_tabu_respects_bounds_and_incremental_value_is_exact() -> None:
    inst = random_instance(60, 6, 4, False)
    res = iterated_tabu(inst.d, inst.lower, inst.upper, seed=2, max_iterations=3000)
    sizes = np.bincount(res.assign, minlength=6)
    assert np.all(sizes >= inst.lower) and np.all(sizes <= inst.upper)
    assert objective(inst.d, res.assign) == pytest.approx(res.objective, rel=1e-9)


def test_solve_mdgp_dispatch() -> None:
    small = solve_mdgp(random_instance(10, 2, 0, True), seconds=5)
    assert small.method == "subset-dp" and small.optimal
    big = solve_mdgp(random_instance(30, 3, 0, True), max_iterations=500)
    assert big.method == "tabu" and not big.optimal


def test_integer_weights() -> None:
    ints, exact = integer_weights(np.array([[0.0, 1.125], [1.125, 0.0]]))
    assert exact and ints[0, 1] == 1125
    _, exact = integer_weights(np.array([[0.0, 1 / 3], [1 / 3, 0.0]]))
    assert not exact


def test_reader(tmp_path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("4 2 ss 2 2 2 2\n0 1 1.5\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 6\n")
    inst = read_mdgplib(f)
    assert inst.n == 4 and inst.m == 2 and inst.d[3, 2] == 6 and inst.d[1, 0] == 1.5
    assert np.allclose(inst.d, inst.d.T)
    (tmp_path / "bad.txt").write_text("4 2 xx 2 2\n")
    with pytest.raises(FormatError, match="line 1"):
        read_mdgplib(tmp_path / "bad.txt")
