"""Slots where areas add their own part of a shared page (the group page, the dashboard,
the main menu) without editing each other's templates. An area registers a template in
its AppConfig.ready(); the page includes every registered template in order."""
from __future__ import annotations

from collections import defaultdict

_slots: dict[str, list[tuple[int, str]]] = defaultdict(list)


def register(slot: str, template: str, order: int = 50) -> None:
    entry = (order, template)
    if entry not in _slots[slot]:
        _slots[slot].append(entry)
        _slots[slot].sort()


def templates(slot: str) -> list[str]:
    return [template for _order, template in _slots[slot]]
