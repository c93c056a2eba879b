"""Maximally Diverse Grouping Problem: instance, MDGPLIB reader and objective."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


class FormatError(ValueError):
    """An MDGPLIB file that cannot be read; the message names file and line."""


@dataclass(frozen=True)
class MdgpInstance:
    """n items, m groups; group g holds between lower[g] and upper[g] items."""

    d: np.ndarray  # symmetric n×n float64, zero diagonal
    lower: np.ndarray  # int64, length m
    upper: np.ndarray  # int64, length m
    name: str = ""

    @property
    def n(self) -> int:
        return int(self.d.shape[0])

    @property
    def m(self) -> int:
        return int(self.lower.shape[0])

    def __post_init__(self) -> None:
        if self.d.ndim != 2 or self.d.shape[0] != self.d.shape[1]:
            raise ValueError("d must be a square matrix")
        if self.lower.shape != self.upper.shape or np.any(self.lower > self.upper):
            raise ValueError("group bounds must satisfy lower <= upper")
        if np.any(self.lower < 0):
            raise ValueError("group bounds must be non-negative")
        if self.lower.sum() > self.n or self.upper.sum() < self.n:
            raise ValueError("no assignment meets the group size bounds")


def objective(d: np.ndarray, assign: np.ndarray) -> float:
    """Sum of d[i, j] over pairs i < j in the same group (computed from scratch)."""
    same = assign[:, None] == assign[None, :]
    return float(np.triu(np.where(same, d, 0.0), 1).sum())


def read_mdgplib(path: str | Path) -> MdgpInstance:
    """Read an MDGPLIB file: `n m ss|ds L1 U1 … Lm Um`, then lines `i j d_ij`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FormatError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    lines = text.splitlines()
    if not lines:
        raise FormatError(f"{path}, line 1: empty file")
    head = lines[0].split()
    try:
        n, m = int(head[0]), int(head[1])
        kind = head[2]
        bounds = [int(x) for x in head[3:]]
    except (IndexError, ValueError):
        raise FormatError(f"{path}, line 1: expected `n m ss|ds L1 U1 … Lm Um`") from None
    if kind not in ("ss", "ds") or len(bounds) != 2 * m or n < 1 or m < 1:
        raise FormatError(f"{path}, line 1: expected `n m ss|ds` and {2 * m} bounds")
    body = " ".join(lines[1:]).split()
    if len(body) % 3:
        raise FormatError(f"{path}: pair lines must have three fields `i j d_ij`")
    try:
        arr = np.array(body, dtype=np.float64).reshape(-1, 3)
    except ValueError:
        raise FormatError(f"{path}: a pair line holds a non-number") from None
    i, j = arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64)
    if arr.size and (i.min() < 0 or j.min() < 0 or max(i.max(), j.max()) >= n or np.any(i == j)):
        raise FormatError(f"{path}: item index out of range 0..{n - 1} or i == j")
    d = np.zeros((n, n), dtype=np.float64)
    d[i, j] = arr[:, 2]
    d[j, i] = arr[:, 2]
    lower = np.array(bounds[0::2], dtype=np.int64)
    upper = np.array(bounds[1::2], dtype=np.int64)
    try:
        return MdgpInstance(d=d, lower=lower, upper=upper, name=path.stem)
    except ValueError as exc:
        raise FormatError(f"{path}, line 1: {exc}") from None
