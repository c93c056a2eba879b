"""Population layer of the MDGP search (in the spirit of three-phase search with a
dynamic population): an elite pool whose size shrinks over the run, a greedy partition
crossover that keeps the groups the parents do well, tabu search on every child, and
perturbation of the pool's best in between (iterated tabu search).

Crossover: groups are labelled (with different size bounds the labels matter), so the
child takes, alternately from each parent, that parent's label whose remaining members
have the highest mean internal value; members already placed are skipped. Items left
over are repaired in: first into groups below their lower bound, then wherever they gain
most, both greedily by the gain table.
"""

from __future__ import annotations

import time

import numpy as np

from .tabu import NEG, SearchParams, TabuState, perturb, random_assignment, tabu_run


def crossover(d: np.ndarray, lower: np.ndarray, upper: np.ndarray, pa: np.ndarray,
              pb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n, m = d.shape[0], lower.shape[0]
    child = np.full(n, -1, dtype=np.int64)
    open_ = np.ones(m, dtype=bool)
    parents = (pa, pb) if rng.random() < 0.5 else (pb, pa)
    for r in range(m):
        par = parents[r % 2]
        best_g, best_v = -1, -np.inf
        for g in np.flatnonzero(open_):
            mem = np.flatnonzero((par == g) & (child < 0))
            if mem.size == 0:
                continue
            v = d[np.ix_(mem, mem)].sum() / (2.0 * mem.size)
            if v > best_v:
                best_g, best_v = int(g), v
        if best_g < 0:
            break
        child[(par == best_g) & (child < 0)] = best_g
        open_[best_g] = False
    return repair(d, lower, upper, child)


def repair(d: np.ndarray, lower: np.ndarray, upper: np.ndarray,
           child: np.ndarray) -> np.ndarray:
    """Place every item with label -1: groups under their lower bound first, then by
    the largest gain, never above an upper bound."""
    m = lower.shape[0]
    child = child.copy()
    placed = child >= 0
    onehot = np.zeros((child.shape[0], m))
    onehot[np.flatnonzero(placed), child[placed]] = 1.0
    G = d @ onehot
    sizes = np.bincount(child[placed], minlength=m)
    # groups above their lower bound may hold items the short groups need: free the
    # weakest members of the fullest such groups until the shortfall can be met
    while np.maximum(lower - sizes, 0).sum() > (child < 0).sum():
        g = int(np.argmax(np.where(sizes > lower, sizes - lower, -1)))
        mem = np.flatnonzero(child == g)
        i = int(mem[np.argmin(G[mem, g])])
        child[i] = -1
        sizes[g] -= 1
        G[:, g] -= d[:, i]
    free = np.flatnonzero(child < 0)
    while free.size:
        short = sizes < lower
        cols = short if short.any() else sizes < upper
        sub = np.where(cols[None, :], G[free], NEG)
        k = int(np.argmax(sub))
        i, g = int(free[k // m]), k % m
        child[i] = g
        sizes[g] += 1
        G[:, g] += d[:, i]
        free = np.delete(free, k // m)
    return child


def evolve(st: TabuState, rng: np.random.Generator, p: SearchParams, budget: int,
           deadline: float) -> tuple[np.ndarray, float, int]:
    """Run until the budget (steps) or deadline; returns best assignment, value, steps.
    Without a cap rule (pure MDGP) the elite pool and crossover are used."""
    t0 = time.perf_counter()
    d, lower, upper = st.d, st.lower, st.upper
    n = st.n
    use_pool = st.cap is None and n >= 30
    pool_max = 6 if use_pool else 1
    used = 0

    def improve(start: np.ndarray) -> tuple[np.ndarray, float]:
        nonlocal used
        st.reset(start)
        a, f, steps = tabu_run(st, rng, p, budget - used, deadline)
        used += max(steps, 1)
        return a, f

    def progress() -> float:
        if deadline != float("inf"):
            return (time.perf_counter() - t0) / max(deadline - t0, 1e-9)
        return used / budget

    pool: list[tuple[float, np.ndarray]] = [tuple(reversed(improve(st.assign.copy())))]
    while len(pool) < pool_max and used < budget and progress() < 0.3:
        a, f = improve(random_assignment(lower, upper, n, rng))
        pool.append((f, a))
    while used < budget and time.perf_counter() < deadline:
        pool.sort(key=lambda t: -t[0])
        # dynamic population: shrinks linearly to two members over the run
        size = max(2, round(pool_max * (1.0 - progress()))) if use_pool else 1
        del pool[size:]
        if use_pool and len(pool) > 1 and rng.random() < 0.5:
            x, y = rng.choice(len(pool), size=2, replace=False)
            start = crossover(d, lower, upper, pool[x][1], pool[y][1], rng)
        else:
            start = perturb(pool[0][1], p.strength, rng, lower, upper, st.cap)
        a, f = improve(start)
        if f > pool[-1][0] + 1e-9 and all(abs(f - g) > 1e-6 for g, _ in pool):
            if len(pool) >= size:
                pool[-1] = (f, a)
            else:
                pool.append((f, a))
        elif f > pool[0][0] + 1e-9:
            pool[0] = (f, a)
    best_f, best_a = max(pool, key=lambda t: t[0])
    return best_a, best_f, used
