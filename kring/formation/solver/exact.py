"""Exact MDGP for small n (proves optimality): subset DP up to n = 12 (subsetdp.py),
OR-Tools CP-SAT above that (and on request).

Varying group sizes are handled by enumeration: each distinct multiset of group sizes
allowed by the bounds is solved as a fixed-size model, and the best is kept. With sizes
fixed, the degree of item i (number of partners) is a linear function of its group
variables, a strong cut; groups of equal size are interchangeable, so they are ordered by
their lowest member (symmetry breaking; forces item 0 into the first group of a class).
Speed: a short deterministic tabu run gives an incumbent; size vectors are tried in the
order of an upper bound (each item's best partners for its group size, see
`vector_bound`), vectors whose bound cannot beat the incumbent are skipped, and every
model is asked only for a value above the incumbent (with the incumbent as hint when its
sizes match). "No better solution" answers are proofs too, so optimality stays proven.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .mdgp import MdgpInstance, objective
from .search import iterated_tabu
from .subsetdp import MAX_DP_N, solve_dp

MAX_EXACT_N = 16


@dataclass
class ExactResult:
    assign: np.ndarray
    objective: float
    optimal: bool
    seconds: float
    method: str = "cp-sat"


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
    for vec in itertools.product(*[range(int(a), int(b) + 1) for a, b in zip(lower, upper, strict=True)]):
        if sum(vec) == n:
            seen.setdefault(tuple(sorted(vec)), vec)
    return list(seen.values())


def vector_bound(w: np.ndarray, sizes: np.ndarray) -> int:
    """Upper bound on the value with these group sizes: an item in a group of size s
    has s-1 partners, so it adds at most half the sum of its s-1 largest weights; items
    are matched to size slots (one per place in a group) greedily after exact per-item
    values — an assignment relaxation solved exactly as min-cost flow."""
    from ortools.graph.python import min_cost_flow

    n = w.shape[0]
    srt = -np.sort(-w, axis=1)
    cum = np.concatenate([np.zeros((n, 1), dtype=np.int64), np.cumsum(srt, axis=1)], axis=1)
    classes = sorted({int(s) for s in sizes})
    flow = min_cost_flow.SimpleMinCostFlow()
    src, sink = 0, 1
    for i in range(n):
        flow.add_arc_with_capacity_and_unit_cost(src, 2 + i, 1, 0)
        for c, s in enumerate(classes):
            flow.add_arc_with_capacity_and_unit_cost(2 + i, 2 + n + c, 1, -int(cum[i, s - 1]))
    for c, s in enumerate(classes):
        flow.add_arc_with_capacity_and_unit_cost(2 + n + c, sink, int(s * np.sum(sizes == s)), 0)
    flow.set_node_supply(src, n)
    flow.set_node_supply(sink, -n)
    if flow.solve() != flow.OPTIMAL:  # pragma: no cover - the network always has a flow
        raise RuntimeError("min-cost flow failed")
    return int(-flow.optimal_cost()) // 2


def solve_exact(
    inst: MdgpInstance, *, seconds: float = 10.0, workers: int = 1, seed: int = 0,
    method: str = "auto",
) -> ExactResult:
    """n ≤ MAX_DP_N: subset DP (exact by construction, fastest); otherwise, or with
    method="cp-sat", CP-SAT per size vector. Optimal means every size vector was solved,
    or proven unable to beat the incumbent. A fixed `workers` keeps it reproducible."""
    if inst.n > MAX_EXACT_N:
        raise ValueError(f"exact solving is for n <= {MAX_EXACT_N}")
    t0 = time.perf_counter()
    w, exact = integer_weights(inst.d)
    if inst.n <= MAX_DP_N and method != "cp-sat":
        _, assign = solve_dp(w, inst.lower, inst.upper)
        return ExactResult(assign, objective(inst.d, assign), exact, time.perf_counter() - t0,
                           "subset-dp")
    heur = iterated_tabu(inst.d, inst.lower, inst.upper, seed=seed, max_iterations=60 * inst.n)
    best_assign = heur.assign
    best_value = _int_value(w, best_assign)
    proven = exact
    vectors = [np.array(v, dtype=np.int64) for v in size_vectors(inst.lower, inst.upper, inst.n)]
    bounds = [vector_bound(w, v) for v in vectors]
    heur_sizes = sorted(np.bincount(best_assign, minlength=inst.m).tolist())
    for k in sorted(range(len(vectors)), key=lambda k: -bounds[k]):
        if bounds[k] <= best_value:
            break  # this and every later vector cannot beat the incumbent
        left = seconds - (time.perf_counter() - t0)
        if left <= 0:
            proven = False
            break
        hint = best_assign if sorted(vectors[k].tolist()) == heur_sizes else None
        status, found = _solve_fixed(w, vectors[k], left, workers, seed, best_value, hint)
        # INFEASIBLE: proven that nothing with these sizes beats the incumbent
        proven = proven and status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
        if found is not None and found[0] > best_value:
            best_value, best_assign = found
    return ExactResult(best_assign, objective(inst.d, best_assign), proven,
                       time.perf_counter() - t0, "cp-sat")


def _int_value(w: np.ndarray, assign: np.ndarray) -> int:
    same = assign[:, None] == assign[None, :]
    return int(np.triu(np.where(same, w, 0), 1).sum())


def _solve_fixed(w: np.ndarray, sizes: np.ndarray, seconds: float, workers: int,
                 seed: int, above: int, hint: np.ndarray | None
                 ) -> tuple[cp_model.CpSolverStatus, tuple[int, np.ndarray] | None]:
    """CP-SAT status and the best (value, assignment) above `above` with these sizes. x[i,g]: item i in group g; p[i,j] ⇔ i and j share a group (an
    equivalence, so triangle cuts hold); degree(i) = Σ_g (size_g - 1) x[i,g]."""
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
    value = sum(int(w[i, j]) * p[i, j] for i in range(n) for j in range(i + 1, n) if w[i, j])
    model.add(value >= above + 1)
    model.maximize(value)
    if hint is not None:
        _add_hint(model, x, p, hint, sizes)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None
    assign = np.array(
        [next(g for g in range(m) if solver.boolean_value(x[i][g])) for i in range(n)],
        dtype=np.int64,
    )
    return status, (round(solver.objective_value), assign)


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


def _add_hint(model: cp_model.CpModel, x: list[list[cp_model.IntVar]],
              p: dict[tuple[int, int], cp_model.IntVar], assign: np.ndarray,
              sizes: np.ndarray) -> None:
    """Hint a solution with the model's group order: the incumbent's groups matched to
    model groups of equal size, each class ordered by lowest member (as the symmetry
    breaking demands)."""
    n = assign.shape[0]
    groups = sorted((sorted(np.flatnonzero(assign == g).tolist()) for g in set(assign.tolist())),
                    key=lambda mem: mem[0])
    free: dict[int, list[int]] = {}
    for g in range(sizes.shape[0]):
        free.setdefault(int(sizes[g]), []).append(g)
    label = np.zeros(n, dtype=np.int64)
    for mem in groups:
        g = free[len(mem)].pop(0)
        label[mem] = g
    for i in range(n):
        for g in range(sizes.shape[0]):
            model.add_hint(x[i][g], int(label[i] == g))
    for (i, j), var in p.items():
        if i < j:
            model.add_hint(var, int(label[i] == label[j]))
