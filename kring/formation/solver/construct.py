"""Stage 2 of Kring formation: split one bucket (people sharing a slot and the `same`
values) into a given number of groups, maximising diversity under the hard rules.

The split is an MDGP solved by the shared tabu search: d_ij = Σ spread weights of the
attributes on which i and j differ, and cannot-link pairs (conflicts, same team) get a
weight of -BIG, larger than any diversity an item can bring, so the search drives them
apart whenever it can. The client cap is a hard move filter inside the search; sizes are
kept within [min_size, max_size] by the neighbourhoods. A greedy start already respects
sizes and the cap and avoids cannot-links where it can; what the search cannot resolve is
repaired afterwards by taking people out (reported as unplaced, reason "conflicts").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import Applicant, Rules
from .search import iterated_tabu
from .tabu import CapRule


def weight_matrix(people: Sequence[Applicant], spread: dict[str, float]) -> np.ndarray:
    n = len(people)
    d = np.zeros((n, n))
    for attr, w in spread.items():
        if w == 0:
            continue
        _, codes = np.unique([p.attr(attr) for p in people], return_inverse=True)
        d += w * (codes[:, None] != codes[None, :])
    return d


def cannot_matrix(people: Sequence[Applicant], rules: Rules,
                  cannot: dict[str, set[str]]) -> np.ndarray:
    n = len(people)
    pos = {p.id: i for i, p in enumerate(people)}
    c = np.zeros((n, n), dtype=bool)
    if rules.outside_own_team:
        _, team = np.unique([p.team for p in people], return_inverse=True)
        c |= team[:, None] == team[None, :]
    for i, p in enumerate(people):
        for other in cannot.get(p.id, ()):
            j = pos.get(other)
            if j is not None:
                c[i, j] = c[j, i] = True
    np.fill_diagonal(c, False)
    return c


def initial_split(c: np.ndarray, clients: np.ndarray, k: int, cap: int) -> np.ndarray:
    """Even sizes; clients dealt round-robin (so ≤ cap when clients ≤ cap·k); the rest
    most-constrained first into the emptiest group without a cannot-link partner."""
    n = c.shape[0]
    target = np.full(k, n // k)
    target[: n % k] += 1
    assign = np.full(n, -1)
    fill = np.zeros(k, dtype=np.int64)
    kc = np.zeros(k, dtype=np.int64)
    order = sorted(range(n), key=lambda i: (not clients[i], -int(c[i].sum()), i))
    for i in order:
        room = fill < target
        if clients[i]:
            room &= kc < cap
        partners = c[i] & (assign >= 0)
        clash = np.bincount(assign[partners], minlength=k) if partners.any() else np.zeros(k)
        options = np.flatnonzero(room)
        if options.size == 0:  # only possible for clients over the cap: callers prevent
            options = np.flatnonzero(fill < target)
        # fewest clashes, then most room left, then lowest index
        g = int(min(options, key=lambda h: (clash[h], fill[h] - target[h], h)))
        assign[i] = g
        fill[g] += 1
        kc[g] += int(clients[i])
    return assign


def split_bucket(people: Sequence[Applicant], k: int, rules: Rules,
                 cannot: dict[str, set[str]], *, seed: int, seconds: float,
                 max_iterations: int | None) -> tuple[list[list[int]], list[int]]:
    """Returns (groups as index lists, indices removed because of cannot-links)."""
    c = cannot_matrix(people, rules, cannot)
    clients = np.array([p.role == "client" for p in people])
    assign = initial_split(c, clients, k, rules.max_clients_per_group)
    if k > 1:
        d = weight_matrix(people, rules.spread)
        big = 10.0 * (sum(rules.spread.values()) + 1.0) * rules.max_size
        d[c] = -big
        lower = np.full(k, rules.min_size)
        upper = np.full(k, rules.max_size)
        cap = CapRule(clients, rules.max_clients_per_group) if clients.any() else None
        res = iterated_tabu(d, lower, upper, seed=seed, seconds=seconds,
                            max_iterations=max_iterations, initial=assign, cap=cap)
        assign = res.assign
    groups = [list(np.flatnonzero(assign == g)) for g in range(k)]
    removed: list[int] = []
    for members in groups:
        while True:  # drop the member with most cannot-link partners until none left
            sub = c[np.ix_(members, members)]
            clash = sub.sum(axis=1)
            if not clash.any():
                break
            worst = members[int(np.argmax(clash))]
            members.remove(worst)
            removed.append(int(worst))
    return [[int(i) for i in g] for g in groups], sorted(removed)
