"""Iterated tabu search for the MDGP (one-move + swap, incremental delta tables).

State kept per step, all updated in O(n · |a ∪ b|) after a move between groups a, b:
  G[i, g]  = Σ_{k in g} d[i, k]                  (n × m "gain table")
  S[i, j]  = gain of swapping i and j            (n × n, -inf for same group /
                                                   tabu / client-cap breaking)
  S[i,j] = (G[i,b] - G[i,a]) + (G[j,a] - G[j,b]) - 2 d[i,j]  with a = g(i), b = g(j).
After a move only rows/columns of items in the two touched groups change, so the
search updates those slices and finds the best swap with one vectorised argmax.
Tabu is item based: moved items may not move again for a random tenure, unless the
move yields a new overall best (aspiration). Runs end after `depth` steps without
improvement; the best solution is then perturbed by random swaps (iterated search).
Everything random comes from one seeded generator and the stopping rule is counted in
iterations when `max_iterations` is given, so a seed + iteration budget reproduces.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

NEG = -np.inf


@dataclass
class SearchResult:
    assign: np.ndarray
    objective: float
    iterations: int
    seconds: float


@dataclass(frozen=True)
class CapRule:
    """At most `cap` flagged items (e.g. clients) per group."""

    flagged: np.ndarray  # bool, length n
    cap: int


class TabuState:
    """Current assignment plus the incremental G and S tables."""

    def __init__(
        self,
        d: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        assign: np.ndarray,
        cap: CapRule | None = None,
    ) -> None:
        self.d, self.lower, self.upper, self.cap = d, lower, upper, cap
        self.n, self.m = d.shape[0], lower.shape[0]
        self.ar = np.arange(self.n)
        self.d2 = 2.0 * d
        self.moves_allowed = bool(np.any(lower != upper))
        self.tabu_until = np.zeros(self.n, dtype=np.int64)
        self.tabu = np.zeros(self.n, dtype=bool)
        self.reset(assign)

    def reset(self, assign: np.ndarray) -> None:
        self.assign = assign.astype(np.int64).copy()
        onehot = np.zeros((self.n, self.m))
        onehot[self.ar, self.assign] = 1.0
        self.G = self.d @ onehot
        self.sizes = np.bincount(self.assign, minlength=self.m)
        self.kcount = (
            np.bincount(self.assign[self.cap.flagged], minlength=self.m) if self.cap else None
        )
        self.f = 0.5 * float(self.G[self.ar, self.assign].sum())
        self.tabu_until[:] = 0
        self.tabu[:] = False
        self.S = self._rows(self.ar)

    def _rows(self, r: np.ndarray, masked: bool = True) -> np.ndarray:
        """Swap gains for rows r against every column (true values if not masked)."""
        a = self.assign
        own = self.G[self.ar, a]
        ar_ = a[r]
        block = self.G[r][:, a] - own[r, None]
        block += (self.G[:, ar_] - own[:, None]).T
        block -= self.d2[r]
        block[ar_[:, None] == a[None, :]] = NEG
        if self.cap is not None:
            fl = self.cap.flagged
            full = self.kcount >= self.cap.cap
            # a flagged item entering a full group without a flagged one leaving
            bad = (fl[r, None] & ~fl[None, :] & full[a][None, :]) | (
                ~fl[r, None] & fl[None, :] & full[ar_][:, None]
            )
            block[bad] = NEG
        if masked:
            block[:, self.tabu] = NEG
            block[self.tabu[r], :] = NEG
        return block

    def _refresh(self, r: np.ndarray) -> None:
        block = self._rows(r)
        self.S[r, :] = block
        self.S[:, r] = block.T

    def one_move_table(self) -> np.ndarray:
        """Gain of moving item i to group g (n × m), -inf where size/cap forbid it."""
        own = self.G[self.ar, self.assign]
        M = self.G - own[:, None]
        M[self.ar, self.assign] = NEG
        M[:, self.sizes >= self.upper] = NEG
        M[(self.sizes <= self.lower)[self.assign], :] = NEG
        if self.cap is not None:
            full = self.kcount >= self.cap.cap
            M[np.ix_(self.cap.flagged, full)] = NEG
        return M

    def _touch(self, a: int, b: int) -> None:
        self._refresh(np.flatnonzero((self.assign == a) | (self.assign == b)))

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
        self._touch(a, b)

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
        self._touch(a, b)

    def make_tabu(self, items: list[int], until: int) -> None:
        for x in items:
            self.tabu[x] = True
            self.tabu_until[x] = until
            self.S[x, :] = NEG
            self.S[:, x] = NEG

    def expire(self, it: int) -> None:
        done = np.flatnonzero(self.tabu & (self.tabu_until <= it))
        if done.size:
            self.tabu[done] = False
            self._refresh(done)


@dataclass(frozen=True)
class SearchParams:
    tenure_min: int
    tenure_max: int
    depth: int  # non-improving steps before a perturbation
    strength: int  # random swaps per perturbation


def default_params(n: int) -> SearchParams:
    return SearchParams(
        tenure_min=max(2, n // 25),
        tenure_max=max(4, n // 10),
        depth=max(300, 4 * n),
        strength=max(2, n // 10),
    )


def tabu_run(st: TabuState, rng: np.random.Generator, p: SearchParams, budget: int,
             deadline: float) -> tuple[np.ndarray, float, int]:
    """One tabu run from st's assignment; returns its best assignment, value, steps."""
    best_assign, best_f = st.assign.copy(), st.f
    n = st.n
    since = 0
    it = 0
    while since < p.depth and it < budget:
        if (it & 63) == 0 and time.perf_counter() > deadline:
            break
        it += 1
        st.expire(it)
        flat = int(np.argmax(st.S))
        i, j = divmod(flat, n)
        gain = float(st.S[i, j])
        kind = 0 if gain > NEG else -1
        if st.moves_allowed:
            M = st.one_move_table()
            M[st.tabu, :] = NEG
            k = int(np.argmax(M))
            if M.flat[k] > gain:
                kind, gain = 1, float(M.flat[k])
                i, j = divmod(k, st.m)
        # aspiration: a tabu item's move that beats the best of this run
        tabu_items = np.flatnonzero(st.tabu)
        if tabu_items.size:
            block = st._rows(tabu_items, masked=False)
            k = int(np.argmax(block))
            if block.flat[k] > max(gain, best_f - st.f + 1e-9):
                kind, gain = 0, float(block.flat[k])
                i, j = int(tabu_items[k // n]), k % n
        if kind < 0:
            break  # nothing legal to do
        tenure = int(rng.integers(p.tenure_min, p.tenure_max + 1))
        if kind == 0:
            st.swap(i, j, gain)
            st.make_tabu([i, j], it + tenure)
        else:
            st.move(i, j, gain)
            st.make_tabu([i], it + tenure)
        if st.f > best_f + 1e-9:
            best_f, best_assign = st.f, st.assign.copy()
            since = 0
        else:
            since += 1
    return best_assign, best_f, it


def perturb(assign: np.ndarray, strength: int, rng: np.random.Generator,
            lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Random swaps between items of different groups and, when the size bounds leave
    room, random one-moves too (so the search also explores other group sizes)."""
    a = assign.copy()
    n = a.shape[0]
    sizes = np.bincount(a, minlength=lower.shape[0])
    movable = bool(np.any(lower != upper))
    done = 0
    for _ in range(strength * 10):
        if done >= strength:
            break
        i, j = rng.integers(0, n, size=2)
        if movable and rng.random() < 0.5:
            g, h = a[i], rng.integers(0, lower.shape[0])
            if g != h and sizes[g] > lower[g] and sizes[h] < upper[h]:
                a[i] = h
                sizes[g] -= 1
                sizes[h] += 1
                done += 1
        elif a[i] != a[j]:
            a[i], a[j] = a[j], a[i]
            done += 1
    return a


def _caps_ok(assign: np.ndarray, m: int, cap: CapRule | None) -> bool:
    if cap is None:
        return True
    return bool(np.all(np.bincount(assign[cap.flagged], minlength=m) <= cap.cap))


def random_assignment(lower: np.ndarray, upper: np.ndarray, n: int,
                      rng: np.random.Generator) -> np.ndarray:
    """Random assignment meeting the size bounds: fill lowers, then random free slots."""
    sizes = lower.copy()
    rest = n - int(lower.sum())
    room = upper - lower
    while rest > 0:
        g = int(rng.choice(np.flatnonzero(room > 0)))
        take = min(rest, int(room[g]), int(rng.integers(1, room[g] + 1)))
        sizes[g] += take
        room[g] -= take
        rest -= take
    assign = np.repeat(np.arange(lower.shape[0]), sizes)
    rng.shuffle(assign)
    return assign


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
    """Maximise Σ d over same-group pairs. `initial` must be feasible (sizes, cap)."""
    t0 = time.perf_counter()
    deadline = t0 + seconds if max_iterations is None else float("inf")
    budget = max_iterations if max_iterations is not None else 1 << 62
    n = d.shape[0]
    rng = np.random.default_rng(seed)
    p = params or default_params(n)
    start = initial if initial is not None else random_assignment(lower, upper, n, rng)
    st = TabuState(d, lower, upper, start, cap)
    best_assign, best_f = st.assign.copy(), st.f
    used = 0
    while used < budget and time.perf_counter() < deadline:
        a, f, steps = tabu_run(st, rng, p, budget - used, deadline)
        used += steps
        if f > best_f + 1e-9:
            best_assign, best_f = a, f
        for _ in range(20):  # caps may reject a perturbation; retry a few times
            cand = perturb(best_assign, p.strength, rng, lower, upper)
            if _caps_ok(cand, st.m, cap):
                break
        else:
            cand = best_assign
        st.reset(cand)
        if steps == 0:
            break
    return SearchResult(best_assign, best_f, used, time.perf_counter() - t0)
