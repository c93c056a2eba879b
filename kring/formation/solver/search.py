"""Iterated tabu search for the MDGP (the neighbourhoods are in tabu.py).

The search starts from the size vector that holds the most pairs (sizes matter most when
bounds differ), and an elite pool with a group-preserving crossover (population.py)
feeds the restarts. Everything random comes from one seeded generator; with
`max_iterations` the stopping rule is counted in steps, so a seed + iteration budget
reproduces exactly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .population import evolve
from .tabu import CapRule, SearchParams, TabuState, default_params, random_assignment


@dataclass
class SearchResult:
    assign: np.ndarray
    objective: float
    iterations: int
    seconds: float


def iterated_tabu(
    d: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    seed: int = 0,
    seconds: float = 1.0,
    max_iterations: int | None = None,
    initial: np.ndarray | None = None,
    cap: CapRule | None = None,
    params: SearchParams | None = None,
) -> SearchResult:
    """Maximise Σ d over same-group pairs. `initial` must be feasible (sizes, cap); the
    cap rule is kept by every neighbourhood, so then every visited solution is feasible."""
    t0 = time.perf_counter()
    deadline = t0 + seconds if max_iterations is None else float("inf")
    budget = max_iterations if max_iterations is not None else 1 << 62
    n, m = d.shape[0], lower.shape[0]
    rng = np.random.default_rng(seed)
    p = params or default_params(n, m)
    start = initial if initial is not None else random_assignment(lower, upper, n, rng)
    st = TabuState(d, lower, upper, start, cap)
    best_assign, best_f, used = evolve(st, rng, p, budget, deadline)
    return SearchResult(best_assign, best_f, used, time.perf_counter() - t0)
