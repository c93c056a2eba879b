"""The tabu search's machinery for the MDGP: one-moves and swaps, (item, group) tabu
attributes, perturbation and the starting sizes. The driver that runs it (with the
elite pool of population.py) is search.py.

State: the gain table G[i, g] = Σ_{k in g} d[i, k] (n × m), updated in O(n) per move.
Each step derives every neighbour's gain from G with a few vectorised passes:
  move   i → g :  M[i, g] = G[i, g] - G[i, a_i]
  swap   i ↔ j :  S[i, j] = M[i, a_j] + M[j, a_i] - 2 d[i, j]
so the whole neighbourhood (n·m moves, n² swaps) is searched at NumPy speed without
keeping an n × n table up to date. One-moves are first-class: they change group sizes
within the bounds, which is exactly where instances with different sizes (ds) differ.
Tabu is on attributes: after i leaves group a, "i into a" is forbidden for a random
tenure (aspiration: allowed when it gives a new best).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

NEG = -1e30  # finite "forbidden" value: sums of two stay finite and never win an argmax


@dataclass(frozen=True)
class CapRule:
    """At most `cap` flagged items (e.g. clients) per group."""

    flagged: np.ndarray  # bool, length n
    cap: int


@dataclass(frozen=True)
class SearchParams:
    tenure_min: int
    tenure_max: int
    depth: int  # non-improving steps before a tabu run ends
    strength: int  # random changes per perturbation


def default_params(n: int, m: int) -> SearchParams:
    return SearchParams(tenure_min=max(2, m // 2), tenure_max=max(4, m + n // 20),
                        depth=max(200, 20 * n), strength=max(2, n // 6))


class TabuState:
    """Current assignment, its value f, the gain table G and the tabu attributes."""

    def __init__(self, d: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                 assign: np.ndarray, cap: CapRule | None = None) -> None:
        self.d, self.lower, self.upper, self.cap = d, lower, upper, cap
        self.n, self.m = d.shape[0], lower.shape[0]
        self.ar = np.arange(self.n)
        self.d2 = 2.0 * d
        self.moves_allowed = bool(np.any(lower != upper))
        self.tabu_until = np.zeros((self.n, self.m), dtype=np.int64)
        self.reset(assign)

    def reset(self, assign: np.ndarray) -> None:
        self.assign = assign.astype(np.int64).copy()
        onehot = np.zeros((self.n, self.m))
        onehot[self.ar, self.assign] = 1.0
        self.G = self.d @ onehot
        self.sizes = np.bincount(self.assign, minlength=self.m)
        # clients per group; all zero (and never read) without a cap rule
        self.kcount = (np.bincount(self.assign[self.cap.flagged], minlength=self.m)
                       if self.cap is not None else np.zeros(self.m, dtype=np.int64))
        self.f = 0.5 * float(self.G[self.ar, self.assign].sum())
        self.tabu_until[:] = 0

    def move_gains(self) -> np.ndarray:
        """M[i, g]: gain of moving i to g (NEG for its own group; no other filter)."""
        M = self.G - self.G[self.ar, self.assign][:, None]
        M[self.ar, self.assign] = NEG
        return M

    def best_step(self, it: int, best_f: float) -> tuple[int, int, int, float]:
        """(kind, i, j_or_g, gain) of the best admissible neighbour; kind 0 swap,
        1 move, -1 none. Admissible: not tabu, or tabu but reaching a new best."""
        M = self.move_gains()
        tabu = self.tabu_until > it
        need = best_f - self.f + 1e-9  # gain a tabu neighbour needs (aspiration)
        X = M[:, self.assign]
        S = X + X.T
        S -= self.d2
        if self.cap is not None:
            S[self._cap_bad_swaps(self.cap)] = NEG
        k = int(np.argmax(S))
        if S.flat[k] <= need:  # no new best (aspiration): tabu neighbours are out
            rows = np.flatnonzero(tabu.any(axis=1))
            if rows.size:  # a swap is tabu when either item enters a tabu group
                blk = tabu[rows][:, self.assign]
                sub = S[rows]
                sub[blk] = NEG
                S[rows] = sub
                sub = S[:, rows]
                sub[blk.T] = NEG
                S[:, rows] = sub
                k = int(np.argmax(S))
        kind, gain = 0, float(S.flat[k])
        i, j = divmod(k, self.n)
        if self.moves_allowed:
            M[:, self.sizes >= self.upper] = NEG
            M[(self.sizes <= self.lower)[self.assign], :] = NEG
            if self.cap is not None:
                M[np.ix_(self.cap.flagged, self.kcount >= self.cap.cap)] = NEG
            k = int(np.argmax(M))
            if M.flat[k] <= need:
                M[tabu] = NEG
                k = int(np.argmax(M))
            if M.flat[k] > gain:
                kind, gain = 1, float(M.flat[k])
                i, j = divmod(k, self.m)
        if gain <= NEG / 2:
            return -1, 0, 0, 0.0
        return kind, i, j, gain

    def _cap_bad_swaps(self, cap: CapRule) -> np.ndarray:
        """Swaps that bring a flagged item into a full group without one leaving it."""
        fl = cap.flagged
        full = self.kcount >= cap.cap
        into = fl[:, None] & full[self.assign][None, :] & ~fl[None, :]
        return into | into.T

    def swap(self, i: int, j: int, gain: float) -> None:
        a, b = int(self.assign[i]), int(self.assign[j])
        diff = self.d[:, j] - self.d[:, i]
        self.G[:, a] += diff
        self.G[:, b] -= diff
        self.assign[i], self.assign[j] = b, a
        if self.cap is not None:
            fl = self.cap.flagged
            self.kcount[a] += int(fl[j]) - int(fl[i])
            self.kcount[b] += int(fl[i]) - int(fl[j])
        self.f += gain

    def move(self, i: int, b: int, gain: float) -> None:
        a = int(self.assign[i])
        self.G[:, a] -= self.d[:, i]
        self.G[:, b] += self.d[:, i]
        self.assign[i] = b
        self.sizes[a] -= 1
        self.sizes[b] += 1
        if self.cap is not None and self.cap.flagged[i]:
            self.kcount[a] -= 1
            self.kcount[b] += 1
        self.f += gain


def tabu_run(st: TabuState, rng: np.random.Generator, p: SearchParams, budget: int,
             deadline: float) -> tuple[np.ndarray, float, int]:
    """One tabu run from st's assignment; returns its best assignment, value, steps."""
    best_assign, best_f = st.assign.copy(), st.f
    since = it = 0
    while since < p.depth and it < budget:
        if (it & 31) == 0 and time.perf_counter() > deadline:
            break
        it += 1
        kind, i, j, gain = st.best_step(it, best_f)
        if kind < 0:
            break  # nothing legal to do
        tenure = int(rng.integers(p.tenure_min, p.tenure_max + 1))
        a = int(st.assign[i])
        if kind == 0:
            b = int(st.assign[j])
            st.swap(i, j, gain)
            st.tabu_until[i, a] = it + tenure
            st.tabu_until[j, b] = it + tenure
        else:
            st.move(i, j, gain)
            st.tabu_until[i, a] = it + tenure
        if st.f > best_f + 1e-9:
            best_f, best_assign = st.f, st.assign.copy()
            since = 0
        else:
            since += 1
    return best_assign, best_f, it


def perturb(assign: np.ndarray, strength: int, rng: np.random.Generator,
            lower: np.ndarray, upper: np.ndarray, cap: CapRule | None = None) -> np.ndarray:
    """Random swaps and, when the bounds leave room, random one-moves (other sizes).
    Changes that would break the cap are skipped."""
    a = assign.copy()
    n, m = a.shape[0], lower.shape[0]
    sizes = np.bincount(a, minlength=m)
    kc = np.bincount(a[cap.flagged], minlength=m) if cap is not None else np.zeros(m, dtype=np.int64)
    movable = bool(np.any(lower != upper))
    done = 0
    for _ in range(strength * 10):
        if done >= strength:
            break
        i, j = (int(x) for x in rng.integers(0, n, size=2))
        g = int(a[i])
        if movable and rng.random() < 0.3:
            h = int(rng.integers(0, m))
            if g == h or sizes[g] <= lower[g] or sizes[h] >= upper[h]:
                continue
            if cap is not None and cap.flagged[i]:
                if kc[h] >= cap.cap:
                    continue
                kc[g] -= 1
                kc[h] += 1
            a[i] = h
            sizes[g] -= 1
            sizes[h] += 1
            done += 1
        elif g != a[j]:
            if cap is not None and cap.flagged[i] != cap.flagged[j]:
                continue  # keeps every group's count of flagged items
            a[i], a[j] = a[j], g
            done += 1
    return a


def pair_max_sizes(lower: np.ndarray, upper: np.ndarray, n: int,
                   rng: np.random.Generator | None = None) -> np.ndarray:
    """Group sizes within the bounds that hold the most pairs Σ C(s, 2) (a DP over the
    groups; ties broken at random). With bounds that differ this is where good
    solutions live: a pair more is worth about the mean of d."""
    m = lower.shape[0]
    NEGI = -(1 << 60)
    best = np.full((m + 1, n + 1), NEGI, dtype=np.int64)
    best[0, 0] = 0
    for g in range(m):
        for t in range(n + 1):
            if best[g, t] == NEGI:
                continue
            for s in range(int(lower[g]), min(int(upper[g]), n - t) + 1):
                v = best[g, t] + s * (s - 1) // 2
                if v > best[g + 1, t + s]:
                    best[g + 1, t + s] = v
    sizes = np.zeros(m, dtype=np.int64)
    t = n
    for g in range(m - 1, -1, -1):  # walk back, choosing among the optimal sizes
        opts = [s for s in range(int(lower[g]), min(int(upper[g]), t) + 1)
                if best[g, t - s] != NEGI and best[g, t - s] + s * (s - 1) // 2 == best[g + 1, t]]
        s = opts[int(rng.integers(len(opts)))] if rng is not None and len(opts) > 1 else opts[-1]
        sizes[g] = s
        t -= s
    return sizes


def random_assignment(lower: np.ndarray, upper: np.ndarray, n: int,
                      rng: np.random.Generator) -> np.ndarray:
    """Random assignment with the pair-maximising sizes."""
    assign = np.repeat(np.arange(lower.shape[0]), pair_max_sizes(lower, upper, n, rng))
    rng.shuffle(assign)
    return assign
