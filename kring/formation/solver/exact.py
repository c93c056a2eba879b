"""Exact MDGP with OR-Tools CP-SAT for small n (set-partitioning model, proves optimality).

Model: one boolean y[S] per subset S of items whose size fits some group's bounds, with
value w(S) = Σ_{i<j in S} d_ij; every item lies in exactly one chosen subset. Each group
g takes one size via z[g, s] (L_g ≤ s ≤ U_g), and the number of chosen subsets of size
s equals the number of groups given size s. Subsets carry no group label, so the group
symmetry of the item–group formulation does not arise at all (groups are matched to
subsets by size afterwards), and the LP relaxation of set partitioning is tight.
With at most 2^n subsets this is meant for n ≤ 14.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .mdgp import MdgpInstance, objective

MAX_EXACT_N = 14


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


def subset_weights(w: np.ndarray) -> np.ndarray:
    """Internal weight of every subset (bitmask) of the n items, by adding one item at a
    time: w(S) = w(S - {i}) + Σ_{j in S - {i}} w[i, j] for the lowest item i of S."""
    n = w.shape[0]
    out = np.zeros(1 << n, dtype=np.int64)
    for mask in range(1, 1 << n):
        i = (mask & -mask).bit_length() - 1
        rest = mask & (mask - 1)
        members = [j for j in range(i + 1, n) if rest >> j & 1]
        out[mask] = out[rest] + int(w[i, members].sum())
    return out


def solve_exact(
    inst: MdgpInstance, *, seconds: float = 10.0, workers: int = 2, seed: int = 0
) -> ExactResult:
    n, m = inst.n, inst.m
    if n > MAX_EXACT_N:
        raise ValueError(f"exact solving is for n <= {MAX_EXACT_N}")
    t0 = time.perf_counter()
    w, _, exact = integer_weights(inst.d)
    wsub = subset_weights(w)
    lo, hi = int(inst.lower.min()), int(inst.upper.max())
    model = cp_model.CpModel()
    y: dict[int, cp_model.IntVar] = {}
    by_item: list[list[cp_model.IntVar]] = [[] for _ in range(n)]
    by_size: dict[int, list[cp_model.IntVar]] = {}
    for mask in range(1, 1 << n):
        size = mask.bit_count()
        if not lo <= size <= hi:
            continue
        var = model.new_bool_var(f"y{mask}")
        y[mask] = var
        by_size.setdefault(size, []).append(var)
        for i in range(n):
            if mask >> i & 1:
                by_item[i].append(var)
    for i in range(n):
        model.add_exactly_one(by_item[i])
    z: dict[tuple[int, int], cp_model.IntVar] = {}
    for g in range(m):
        for s in range(int(inst.lower[g]), int(inst.upper[g]) + 1):
            z[g, s] = model.new_bool_var(f"z{g}_{s}")
        model.add_exactly_one([z[g, s] for s in range(int(inst.lower[g]), int(inst.upper[g]) + 1)])
    for s in range(max(lo, 1), hi + 1):
        groups_of_size = [z[g, s] for g in range(m) if (g, s) in z]
        model.add(sum(by_size.get(s, [])) == sum(groups_of_size))
    model.maximize(sum(int(wsub[mask]) * var for mask, var in y.items() if wsub[mask]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("CP-SAT found no solution within the time limit")
    assign = np.empty(n, dtype=np.int64)
    free = {s: [g for g in range(m) if (g, s) in z and solver.boolean_value(z[g, s])]
            for s in range(lo, hi + 1)}
    for mask, var in y.items():
        if solver.boolean_value(var):
            g = free[mask.bit_count()].pop()
            for i in range(n):
                if mask >> i & 1:
                    assign[i] = g
    return ExactResult(
        assign=assign,
        objective=objective(inst.d, assign),
        optimal=status == cp_model.OPTIMAL and exact,
        seconds=time.perf_counter() - t0,
    )
