"""Small instance builders shared by the tests (no files, no Django)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, product
from typing import Any

import numpy as np

from kring.formation.solver.model import Applicant, Conflict, Facilitator, Instance, Rules


def brute_force_mdgp(d: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    n, m = d.shape[0], lower.shape[0]
    best = -np.inf
    for assign in product(range(m), repeat=n):
        sizes = np.bincount(assign, minlength=m)
        if np.all(sizes >= lower) and np.all(sizes <= upper):
            best = max(best, sum(d[i, j] for i, j in combinations(range(n), 2)
                                 if assign[i] == assign[j]))
    return float(best)


def person(i: int, *, role: str = "professional", team: str | None = None,
           municipality: str = "m0", organisation: str = "o0", discipline: str = "d0",
           experience: float = 5.0, slots: tuple[str, ...] = ("mon-am",)) -> Applicant:
    return Applicant(id=f"a{i}", name=f"A{i}", role=role, discipline=discipline,
                     team=team if team is not None else f"t{i}", organisation=organisation,
                     municipality=municipality, experience_years=experience,
                     availability=frozenset(slots))


def facilitator(j: int, capacity: int = 5, slots: tuple[str, ...] = ("mon-am",)) -> Facilitator:
    return Facilitator(id=f"f{j}", name=f"F{j}", capacity=capacity, availability=frozenset(slots))


def instance(people: list[Applicant], facs: list[Facilitator],
             conflicts: Sequence[tuple[str, str]] = (), **rules: Any) -> Instance:
    base: dict[str, Any] = {"min_size": 3, "max_size": 4, "min_experience_years": 1.0, "clients_allowed": True,
                "max_clients_per_group": 1, "outside_own_team": True, "common_slot": True,
                "spread": {"municipality": 1.0, "discipline": 0.5}}
    base.update(rules)
    return Instance(tuple(people), tuple(facs),
                    tuple(Conflict(a, b, "therapeutic") for a, b in conflicts), Rules(**base))
