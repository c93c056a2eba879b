"""MDGP entry point: exact CP-SAT for small n, iterated tabu search otherwise."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .exact import solve_exact
from .mdgp import MdgpInstance, objective
from .search import iterated_tabu

EXACT_UP_TO = 12


@dataclass
class MdgpResult:
    assign: np.ndarray
    objective: float
    optimal: bool
    seconds: float
    method: str
    iterations: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"objective": round(self.objective, 6), "assignment": self.assign.tolist(),
                "optimal": self.optimal, "seconds": round(self.seconds, 3),
                "method": self.method, "iterations": self.iterations}


def solve_mdgp(inst: MdgpInstance, *, seconds: float = 3.0, seed: int = 0,
               max_iterations: int | None = None, workers: int = 1) -> MdgpResult:
    t0 = time.perf_counter()
    if inst.n <= EXACT_UP_TO:
        ex = solve_exact(inst, seconds=max(seconds, 1.0), workers=workers, seed=seed)
        return MdgpResult(ex.assign, ex.objective, ex.optimal, time.perf_counter() - t0,
                          ex.method)
    res = iterated_tabu(inst.d, inst.lower, inst.upper, seed=seed, seconds=seconds,
                        max_iterations=max_iterations)
    return MdgpResult(res.assign, objective(inst.d, res.assign), False,
                      time.perf_counter() - t0, "tabu", res.iterations)
