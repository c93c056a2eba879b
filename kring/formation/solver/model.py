"""Kring group formation: input and output data model (plain dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("professional", "client")
CONFLICT_KINDS = ("therapeutic", "authority", "other")
# attributes usable in `spread` (diversity weights) and `same` (homogeneous groups)
ATTRIBUTES = ("discipline", "team", "organisation", "municipality", "role")


@dataclass(frozen=True)
class Applicant:
    id: str
    name: str
    role: str  # professional | client
    discipline: str
    team: str
    organisation: str
    municipality: str
    experience_years: float
    availability: frozenset[str]

    def attr(self, name: str) -> str:
        return str(getattr(self, name))


@dataclass(frozen=True)
class Facilitator:
    id: str
    name: str
    capacity: int  # how many new groups they can still take
    availability: frozenset[str]


@dataclass(frozen=True)
class Conflict:
    a: str
    b: str
    kind: str  # therapeutic | authority | other


@dataclass(frozen=True)
class Rules:
    min_size: int = 6
    max_size: int = 8
    min_experience_years: float = 0.0
    clients_allowed: bool = True
    max_clients_per_group: int = 3
    outside_own_team: bool = True
    common_slot: bool = True
    spread: dict[str, float] = field(default_factory=lambda: {"municipality": 1.0})
    same: tuple[str, ...] = ()
    num_groups: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_size": self.min_size, "max_size": self.max_size,
            "min_experience_years": self.min_experience_years,
            "clients_allowed": self.clients_allowed,
            "max_clients_per_group": self.max_clients_per_group,
            "outside_own_team": self.outside_own_team, "common_slot": self.common_slot,
            "spread": dict(self.spread), "same": list(self.same),
            **({"num_groups": self.num_groups} if self.num_groups is not None else {}),
        }


@dataclass(frozen=True)
class Instance:
    applicants: tuple[Applicant, ...]
    facilitators: tuple[Facilitator, ...]
    conflicts: tuple[Conflict, ...]
    rules: Rules


@dataclass
class Group:
    members: list[str]
    facilitator: str
    slot: str | None  # None when common_slot is off
    score: float = 0.0


@dataclass
class Unplaced:
    id: str
    reason: str  # machine code, e.g. ineligible_experience, no_common_slot, conflicts
    message: str


@dataclass
class Diagnosis:
    """A rule that makes the instance (partly) infeasible, and why."""

    rule: str
    message: str


@dataclass
class Result:
    groups: list[Group]
    unplaced: list[Unplaced]
    objective: float
    bound: float
    diagnosis: list[Diagnosis] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def gap(self) -> float:
        return (self.bound - self.objective) / self.bound if self.bound > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "groups": [
                {"members": g.members, "facilitator": g.facilitator, "slot": g.slot,
                 "score": round(g.score, 6)}
                for g in self.groups
            ],
            "unplaced": [{"id": u.id, "reason": u.reason, "message": u.message}
                         for u in self.unplaced],
            "objective": round(self.objective, 6),
            "bound": round(self.bound, 6),
            "gap": round(self.gap, 6),
            "diagnosis": [{"rule": d.rule, "message": d.message} for d in self.diagnosis],
            "violations": list(self.violations),
            "seconds": round(self.seconds, 3),
        }
