"""Rows kept in an order of their own (an agenda's blocks, a method's phases): moving one
row a place up or down and numbering them all again."""
from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def move_one(rows: QuerySet[M], row: M, step: int, field: str = "order") -> bool:
    """Swap ``row`` with its neighbour in ``rows`` (already ordered): the next one when
    ``step`` > 0, else the previous one; then number every row 0, 1, 2 … in ``field``.
    At either end nothing changes. Returns whether the row moved."""
    ordered = list(rows)
    index = next(i for i, r in enumerate(ordered) if r.pk == row.pk)
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    manager = rows.model._default_manager
    for number, r in enumerate(ordered):
        manager.filter(pk=r.pk).update(**{field: number})
    return True
