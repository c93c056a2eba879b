"""Exact MDGP for very small n by dynamic programming over subsets (n ≤ 12 or so).

f_g[S] = best value of placing exactly the items of S into groups 0..g, each within its
bounds: f_g[S] = max over T ⊆ S with L_g ≤ |T| ≤ U_g of f_{g-1}[S \\ T] + v(T), where
v(T) is the within-group sum of T. Every (S, T ⊆ S) pair is one base-3 number (item
outside S, in S \\ T, in T), so the 3^n pairs are enumerated once with NumPy and each
group is one vectorised max-per-S. The DP visits every partition, so its maximum is
optimal by construction (a proof, in integers, without search). Memory and time grow as
3^n: 3^12 = 531,441 pairs takes well under a second.
"""

from __future__ import annotations

import numpy as np

MAX_DP_N = 12


def subset_values(w: np.ndarray) -> np.ndarray:
    """v[T] = Σ_{i<j in T} w[i, j] for every bitmask T (int64, exact)."""
    n = w.shape[0]
    v = np.zeros(1 << n, dtype=np.int64)
    lower = np.arange(1 << (n - 1) if n else 1)
    for b in range(1, n):
        ms = lower[: 1 << b]
        bits = (ms[:, None] >> np.arange(b)) & 1
        v[ms | (1 << b)] = v[ms] + bits @ w[b, :b]
    return v


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """All (S, T) with T ⊆ S, sorted by S, as two int64 arrays."""
    k = np.arange(3 ** n, dtype=np.int64)
    S = np.zeros_like(k)
    T = np.zeros_like(k)
    for i in range(n):
        digit = (k // 3 ** i) % 3
        S |= (digit > 0).astype(np.int64) << i
        T |= (digit == 2).astype(np.int64) << i
    order = np.argsort(S, kind="stable")
    return S[order], T[order]


def solve_dp(w: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[int, np.ndarray]:
    """Optimal (value, assignment) for integer weights w and group bounds."""
    n, m = w.shape[0], lower.shape[0]
    if n > MAX_DP_N:
        raise ValueError(f"subset DP is for n <= {MAX_DP_N}")
    full = (1 << n) - 1
    v = subset_values(w)
    pc = np.array([bin(t).count("1") for t in range(1 << n)], dtype=np.int64)
    S, T = _pairs(n)
    neg = np.iinfo(np.int64).min // 4
    f = np.where(pc == 0, 0, neg).astype(np.int64)  # f_{-1}: nothing placed yet
    choice = np.zeros((m, 1 << n), dtype=np.int64)
    for g in range(m):
        ok = (pc[T] >= lower[g]) & (pc[T] <= upper[g])
        if g == m - 1:
            ok &= np.equal(S, full)  # the last group takes whatever is left
        s, t = S[ok], T[ok]
        val = f[s ^ t] + v[t]
        starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
        best = np.maximum.reduceat(val, starts)
        # first T reaching the best value, per S
        owner = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, s.size]))
        hit = np.flatnonzero(val == best[owner])
        first = hit[np.r_[True, owner[hit][1:] != owner[hit][:-1]]]
        f = np.full(1 << n, neg, dtype=np.int64)
        f[s[starts]] = np.where(best > neg // 2, best, neg)
        choice[g, s[first]] = t[first]
    if f[full] <= neg // 2:
        raise ValueError("no assignment meets the group size bounds")
    assign = np.zeros(n, dtype=np.int64)
    mask = full
    for g in range(m - 1, -1, -1):
        t = int(choice[g, mask])
        assign[[i for i in range(n) if t >> i & 1]] = g
        mask ^= t
    return int(f[full]), assign
