"""Exact MDGP with OR-Tools CP-SAT (for small n; proves optimality)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .mdgp import MdgpInstance, objective
from .search import iterated_tabu


@dataclass
class ExactResult:
    assign: np.ndarray
    objective: float
    optimal: bool
    seconds: float


def integer_weights(d: np.ndarray) -> tuple[np.ndarray, int, bool]:
    """Scale d to integers. Returns (ints, scale, exact): exact when the scaled values
    reproduce d to 1e-9 (e.g. MDGPLIB's three decimals), else a 1e6 approximation."""
    for scale in (1, 10, 100, 1000, 10_000, 100_000, 1_000_000):
        ints = np.rint(d * scale)
        if np.all(np.abs(ints / scale - d) <= 1e-9 * np.maximum(1.0, np.abs(d))):
            return ints.astype(np.int64), scale, True
    return np.rint(d * 1_000_000).astype(np.int64), 1_000_000, False


def size_multisets(lower: np.ndarray, upper: np.ndarray, n: int) -> list[tuple[int, ...]]:
    """Distinct multisets of group sizes that some size vector within bounds realises,
    each returned as a size vector for the groups in their original order."""
    seen: dict[tuple[int, ...], tuple[int, ...]] = {}
    ranges = [range(int(lo), int(hi) + 1) for lo, hi in zip(lower, upper)]
    for vec in itertools.product(*ranges):
        if sum(vec) == n:
            seen.setdefault(tuple(sorted(vec)), vec)
    return list(seen.values())


def solve_exact(
    inst: MdgpInstance, *, seconds: float = 10.0, workers: int = 2, seed: int = 0
) -> ExactResult:
    """Prove the optimum. With varying sizes, each distinct multiset of group sizes is
    solved as its own fixed-size model (groups of one size are interchangeable, which
    makes symmetry breaking and degree cuts strong); a later model must beat the best
    value so far. Optimal means every sub-model was solved or refuted."""
    t0 = time.perf_counter()
    w, _, exact = integer_weights(inst.d)
    n = inst.n
    n_vectors = int(np.prod((inst.upper - inst.lower + 1).astype(float)))
    vectors = size_multisets(inst.lower, inst.upper, n) if n_vectors <= 200_000 else []
    if not vectors:  # too many size vectors to enumerate: one model with free sizes
        vectors = [None]  # type: ignore[list-item]
    # a quick heuristic incumbent lets every sub-model prune with "must beat it"
    start = iterated_tabu(inst.d, inst.lower, inst.upper, seed=seed, max_iterations=30 * n)
    best: np.ndarray | None = start.assign
    best_w = _weight(w, start.assign)
    proven = True
    for vec in vectors:
        left = seconds - (time.perf_counter() - t0)
        if left <= 0:
            proven = False
            break
        lo = inst.lower if vec is None else np.array(vec, dtype=np.int64)
        hi = inst.upper if vec is None else lo
        assign, status = _solve_model(w, lo, hi, left, workers, seed, best_w)
        if assign is not None:
            best, best_w = assign, _weight(w, assign)
        if status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            proven = False
    if best is None:
        raise RuntimeError("CP-SAT found no solution within the time limit")
    return ExactResult(
        assign=best,
        objective=objective(inst.d, best),
        optimal=proven and exact,
        seconds=time.perf_counter() - t0,
    )


def _weight(w: np.ndarray, assign: np.ndarray) -> int:
    same = assign[:, None] == assign[None, :]
    return int(np.triu(np.where(same, w, 0), 1).sum())


def _solve_model(w: np.ndarray, lower: np.ndarray, upper: np.ndarray, seconds: float,
                 workers: int, seed: int, beat: int | None) -> tuple[np.ndarray | None, int]:
    """Pair formulation: x[i,g] item i in group g, p[i,j] ⇔ i and j share a group.

    Symmetry: groups with identical bounds are interchangeable, so within each such
    class group k must contain an item smaller than every item of group k+1 (groups
    ordered by lowest member); this forces item 0 into the first group of its class.
    """
    n, m = w.shape[0], lower.shape[0]
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{g}") for g in range(m)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
    _break_symmetry(model, x, lower, upper)
    # p[i,j] ⇔ i and j share a group; an equivalence relation, which lets CP-SAT
    # use triangle and degree cuts (degree of i = size of its group - 1)
    p: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in range(n):
        for j in range(i + 1, n):
            p[i, j] = p[j, i] = model.new_bool_var(f"p{i}_{j}")
            for g in range(m):
                model.add_implication(p[i, j], x[j][g]).only_enforce_if(x[i][g])
                model.add_bool_or([p[i, j], x[i][g].Not(), x[j][g].Not()])
    for i, j, k in itertools.combinations(range(n), 3):
        model.add(p[i, j] + p[j, k] - p[i, k] <= 1)
        model.add(p[i, j] + p[i, k] - p[j, k] <= 1)
        model.add(p[i, k] + p[j, k] - p[i, j] <= 1)
    sizes = [model.new_int_var(int(lower[g]), int(upper[g]), f"s{g}") for g in range(m)]
    for g in range(m):
        model.add(sum(x[i][g] for i in range(n)) == sizes[g])
    for i in range(n):
        degree = sum(p[i, j] for j in range(n) if j != i)
        if np.array_equal(lower, upper):  # fixed sizes: the degree is linear in x
            model.add(degree == sum(int(lower[g] - 1) * x[i][g] for g in range(m)))
        else:
            for g in range(m):
                model.add(degree == sizes[g] - 1).only_enforce_if(x[i][g])
    total = sum(int(w[i, j]) * p[i, j] for i in range(n) for j in range(i + 1, n) if w[i, j])
    if beat is not None:
        model.add(total >= beat + 1)
    model.maximize(total)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, status
    assign = np.array(
        [next(g for g in range(m) if solver.boolean_value(x[i][g])) for i in range(n)],
        dtype=np.int64,
    )
    return assign, status


def _break_symmetry(model: cp_model.CpModel, x: list[list[cp_model.IntVar]],
                    lower: np.ndarray, upper: np.ndarray) -> None:
    n = len(x)
    classes: dict[tuple[int, int], list[int]] = {}
    for g in range(lower.shape[0]):
        classes.setdefault((int(lower[g]), int(upper[g])), []).append(g)
    for groups in classes.values():
        for k, g in enumerate(groups):
            for i in range(n):
                if i < k:
                    model.add(x[i][g] == 0)  # group k needs k smaller-indexed leaders
            if k == 0:
                continue
            prev = groups[k - 1]
            # item i in group g ⇒ some item h < i in the previous group of the class
            for i in range(n):
                model.add_bool_or([x[h][prev] for h in range(i)] + [x[i][g].Not()])
