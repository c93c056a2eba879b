"""Exact MDGP with OR-Tools CP-SAT for small n (proves optimality).

Varying group sizes are handled by enumeration: each distinct multiset of group sizes
allowed by the bounds is solved as a fixed-size model, and the best is kept. With sizes
fixed, the degree of item i (number of partners) is a linear function of its group
variables, a strong cut; groups of equal size are interchangeable, so they are ordered by
their lowest member (symmetry breaking; forces item 0 into the first group of a class).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .mdgp import MdgpInstance, objective

MAX_EXACT_N = 16


@dataclass
class ExactResult:
    assign: np.ndarray
    objective: float
    optimal: bool
    seconds: float


def integer_weights(d: np.ndarray) -> tuple[np.ndarray, bool]:
    """Scale d to integers. Returns (ints, exact): exact when the scaled values
    reproduce d to 1e-9 (e.g. MDGPLIB's three decimals), else a 1e6 approximation."""
    for scale in (1, 10, 100, 1000, 10_000, 100_000, 1_000_000):
        ints = np.rint(d * scale)
        if np.all(np.abs(ints / scale - d) <= 1e-9 * np.maximum(1.0, np.abs(d))):
            return ints.astype(np.int64), True
    return np.rint(d * 1_000_000).astype(np.int64), False


def size_vectors(lower: np.ndarray, upper: np.ndarray, n: int) -> list[tuple[int, ...]]:
    """One size vector (groups in their order) per distinct multiset of group sizes."""
    seen: dict[tuple[int, ...], tuple[int, ...]] = {}
    for vec in itertools.product(*[range(int(a), int(b) + 1) for a, b in zip(lower, upper)]):
        if sum(vec) == n:
            seen.setdefault(tuple(sorted(vec)), vec)
    return list(seen.values())


def solve_exact(
    inst: MdgpInstance, *, seconds: float = 10.0, workers: int = 2, seed: int = 0
) -> ExactResult:
    """Optimal means every fixed-size model was solved to optimality."""
    if inst.n > MAX_EXACT_N:
        raise ValueError(f"exact solving is for n <= {MAX_EXACT_N}")
    t0 = time.perf_counter()
    w, exact = integer_weights(inst.d)
    best: tuple[int, np.ndarray] | None = None
    proven = exact
    for vec in size_vectors(inst.lower, inst.upper, inst.n):
        left = seconds - (time.perf_counter() - t0)
        if left <= 0:
            proven = False
            break
        found = _solve_fixed(w, np.array(vec, dtype=np.int64), left, workers, seed)
        if found is None:
            proven = False
            continue
        value, assign, optimal = found
        proven = proven and optimal
        if best is None or value > best[0]:
            best = (value, assign)
    if best is None:
        raise RuntimeError("CP-SAT found no solution within the time limit")
    return ExactResult(best[1], objective(inst.d, best[1]), proven, time.perf_counter() - t0)


def _solve_fixed(w: np.ndarray, sizes: np.ndarray, seconds: float, workers: int,
                 seed: int) -> tuple[int, np.ndarray, bool] | None:
    """x[i,g]: item i in group g; p[i,j] ⇔ i and j share a group (an equivalence, so
    triangle cuts hold); degree(i) = Σ_g (size_g - 1) x[i,g]."""
    n, m = w.shape[0], sizes.shape[0]
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{g}") for g in range(m)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
    for g in range(m):
        model.add(sum(x[i][g] for i in range(n)) == int(sizes[g]))
    _break_symmetry(model, x, sizes)
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
    for i in range(n):
        degree = sum(p[i, j] for j in range(n) if j != i)
        model.add(degree == sum(int(sizes[g] - 1) * x[i][g] for g in range(m)))
    model.maximize(sum(int(w[i, j]) * p[i, j] for i in range(n) for j in range(i + 1, n)
                       if w[i, j]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    assign = np.array(
        [next(g for g in range(m) if solver.boolean_value(x[i][g])) for i in range(n)],
        dtype=np.int64,
    )
    return int(round(solver.objective_value)), assign, status == cp_model.OPTIMAL


def _break_symmetry(model: cp_model.CpModel, x: list[list[cp_model.IntVar]],
                    sizes: np.ndarray) -> None:
    n = len(x)
    classes: dict[int, list[int]] = {}
    for g in range(sizes.shape[0]):
        classes.setdefault(int(sizes[g]), []).append(g)
    for groups in classes.values():
        for k, g in enumerate(groups):
            for i in range(min(k, n)):
                model.add(x[i][g] == 0)  # group k of a class needs k smaller leaders
            if k:
                prev = groups[k - 1]
                # item i in group g ⇒ some item h < i in the previous group of the class
                for i in range(n):
                    model.add_bool_or([x[h][prev] for h in range(i)] + [x[i][g].Not()])
