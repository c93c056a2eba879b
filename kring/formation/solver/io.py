"""Parsing and validation of the CSV/JSON inputs (shared by the CLI and, later, the web
CSV import). Every parse function returns (rows, errors): rows are only returned when
there are no errors, so a caller imports all or nothing. Errors name file, line, column.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .model import ATTRIBUTES, CONFLICT_KINDS, ROLES, Applicant, Conflict, Facilitator, Instance, Rules

T = TypeVar("T")

APPLICANT_COLUMNS = ("id", "name", "role", "discipline", "team", "organisation",
                     "municipality", "experience_years", "availability")
FACILITATOR_COLUMNS = ("id", "name", "capacity", "availability")
CONFLICT_COLUMNS = ("a", "b", "kind")


@dataclass(frozen=True)
class ParseError:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class InputError(Exception):
    def __init__(self, errors: list[ParseError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class _Row:
    """One CSV record with typed getters that collect errors instead of raising."""

    def __init__(self, file: str, line: int, data: dict[str, str], errors: list[ParseError]):
        self.file, self.line, self.data, self.errors = file, line, data, errors

    def err(self, column: str | None, message: str) -> None:
        self.errors.append(ParseError(self.file, self.line, column, message))

    def text(self, col: str, required: bool = True) -> str:
        v = (self.data.get(col) or "").strip()
        if required and not v:
            self.err(col, "is empty")
        return v

    def number(self, col: str, integer: bool = False) -> float:
        raw = self.text(col)
        if not raw:
            return 0
        try:
            v = int(raw) if integer else float(raw)
        except ValueError:
            self.err(col, f'"{raw}" is not {"a whole number" if integer else "a number"}')
            return 0
        if not math.isfinite(v) or v < 0:
            self.err(col, f'"{raw}" must be a non-negative number')
            return 0
        return v

    def choice(self, col: str, allowed: tuple[str, ...]) -> str:
        v = self.text(col)
        if v and v not in allowed:
            self.err(col, f'"{v}" is not one of {", ".join(allowed)}')
        return v

    def slots(self, col: str) -> frozenset[str]:
        return frozenset(s.strip() for s in (self.data.get(col) or "").split(";") if s.strip())


def _read_rows(text: str, file: str, columns: tuple[str, ...],
               build: Callable[[_Row], T]) -> tuple[list[T], list[ParseError]]:
    errors: list[ParseError] = []
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [ParseError(file, None, None, "the file is empty")]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in columns if c not in header]
    extra = [h for h in header if h not in columns]
    if missing:
        errors.append(ParseError(file, 1, None, f"missing column(s): {', '.join(missing)}"))
    if extra:
        errors.append(ParseError(file, 1, None, f"unknown column(s): {', '.join(extra)}"))
    if len(set(header)) != len(header):
        errors.append(ParseError(file, 1, None, "a column name appears twice"))
    if errors:
        return [], errors
    rows: list[T] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(ParseError(file, line, None, f"{len(values)} fields, expected "
                                     f"{len(header)}"))
            continue
        rows.append(build(_Row(file, line, dict(zip(header, values)), errors)))
    if not rows and not errors:
        errors.append(ParseError(file, None, None, "no data rows"))
    return ([] if errors else rows), errors


def _unique_ids(rows: list[Any], lines: list[int], file: str) -> list[ParseError]:
    seen: set[str] = set()
    out = []
    for row, line in zip(rows, lines):
        if row.id in seen:
            out.append(ParseError(file, line, "id", f'duplicate id "{row.id}"'))
        seen.add(row.id)
    return out


def _with_lines(text: str, file: str, columns: tuple[str, ...],
                build: Callable[[_Row], T]) -> tuple[list[T], list[int], list[ParseError]]:
    lines: list[int] = []

    def wrapped(row: _Row) -> T:
        lines.append(row.line)
        return build(row)

    rows, errors = _read_rows(text, file, columns, wrapped)
    return rows, lines, errors


def parse_applicants(text: str, file: str = "applicants.csv"
                     ) -> tuple[list[Applicant], list[ParseError]]:
    def build(r: _Row) -> Applicant:
        return Applicant(
            id=r.text("id"), name=r.text("name", required=False), role=r.choice("role", ROLES),
            discipline=r.text("discipline"), team=r.text("team"),
            organisation=r.text("organisation"), municipality=r.text("municipality"),
            experience_years=float(r.number("experience_years")),
            availability=r.slots("availability"))

    rows, lines, errors = _with_lines(text, file, APPLICANT_COLUMNS, build)
    errors += _unique_ids(rows, lines, file)
    return ([] if errors else rows), errors


def parse_facilitators(text: str, file: str = "facilitators.csv"
                       ) -> tuple[list[Facilitator], list[ParseError]]:
    def build(r: _Row) -> Facilitator:
        return Facilitator(id=r.text("id"), name=r.text("name", required=False),
                           capacity=int(r.number("capacity", integer=True)),
                           availability=r.slots("availability"))

    rows, lines, errors = _with_lines(text, file, FACILITATOR_COLUMNS, build)
    errors += _unique_ids(rows, lines, file)
    return ([] if errors else rows), errors


def parse_conflicts(text: str, known_ids: set[str], file: str = "conflicts.csv"
                    ) -> tuple[list[Conflict], list[ParseError]]:
    errors: list[ParseError] = []

    def build(r: _Row) -> Conflict:
        a, b = r.text("a"), r.text("b")
        for col, v in (("a", a), ("b", b)):
            if v and v not in known_ids:
                r.err(col, f'unknown applicant id "{v}"')
        if a and a == b:
            r.err("b", f'"{a}" cannot conflict with themself')
        return Conflict(a, b, r.choice("kind", CONFLICT_KINDS))

    if not text.lstrip("\ufeff").strip():
        return [], []  # an empty conflicts file simply means: no conflicts
    rows, errors = _read_rows(text, file, CONFLICT_COLUMNS, build)
    if errors and errors[-1].message == "no data rows":
        return [], []
    return ([] if errors else rows), errors


RULE_TYPES: dict[str, tuple[type, ...]] = {
    "min_size": (int,), "max_size": (int,), "min_experience_years": (int, float),
    "clients_allowed": (bool,), "max_clients_per_group": (int,), "outside_own_team": (bool,),
    "common_slot": (bool,), "spread": (dict,), "same": (list,), "num_groups": (int,),
}


def parse_rules(text: str, file: str = "rules.json") -> tuple[Rules | None, list[ParseError]]:
    def err(key: str | None, msg: str) -> ParseError:
        return ParseError(file, None, key, msg)

    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        return None, [ParseError(file, exc.lineno, None, f"invalid JSON: {exc.msg} "
                                 f"(character {exc.colno})")]
    if not isinstance(data, dict):
        return None, [err(None, "must be a JSON object")]
    errors = [err(k, "unknown rule") for k in data if k not in RULE_TYPES]
    for k, types in RULE_TYPES.items():
        if k in data:
            v = data[k]
            ok = isinstance(v, types) and (bool in types or not isinstance(v, bool))
            if not ok:
                errors.append(err(k, f"must be {' or '.join(t.__name__ for t in types)}, "
                                     f"got {json.dumps(v)}"))
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
                errors.append(err(k, "must not be negative"))
    if errors:
        return None, errors
    spread = data.get("spread", {"municipality": 1.0})
    for attr, w in spread.items():
        if attr not in ATTRIBUTES:
            errors.append(err("spread", f'unknown attribute "{attr}" (use {", ".join(ATTRIBUTES)})'))
        elif isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0:
            errors.append(err("spread", f'weight of "{attr}" must be a non-negative number'))
    same = data.get("same", [])
    for attr in same:
        if attr not in ATTRIBUTES:
            errors.append(err("same", f'unknown attribute {json.dumps(attr)}'))
    lo, hi = data.get("min_size", 6), data.get("max_size", 8)
    if not errors and lo > hi:
        errors.append(err("min_size", f"min_size {lo} is larger than max_size {hi}"))
    if not errors and hi < 1:
        errors.append(err("max_size", "max_size must be at least 1"))
    if errors:
        return None, errors
    return Rules(min_size=lo, max_size=hi,
                 min_experience_years=float(data.get("min_experience_years", 0)),
                 clients_allowed=data.get("clients_allowed", True),
                 max_clients_per_group=data.get("max_clients_per_group", 3),
                 outside_own_team=data.get("outside_own_team", True),
                 common_slot=data.get("common_slot", True),
                 spread={k: float(v) for k, v in spread.items()}, same=tuple(same),
                 num_groups=data.get("num_groups")), []


def _read(path: Path) -> tuple[str, list[ParseError]]:
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except FileNotFoundError:
        return "", [ParseError(path.name, None, None, f"file not found: {path}")]
    except (OSError, UnicodeDecodeError) as exc:
        return "", [ParseError(path.name, None, None, f"cannot read the file ({exc})")]


def load_instance(applicants: Path, facilitators: Path, conflicts: Path | None,
                  rules: Path) -> Instance:
    """Read and validate all inputs; raises InputError listing every problem found."""
    errors: list[ParseError] = []
    texts = {}
    for key, path in (("a", applicants), ("f", facilitators), ("c", conflicts), ("r", rules)):
        if path is not None:
            texts[key], errs = _read(path)
            errors += errs
    if errors:
        raise InputError(errors)
    apps, e1 = parse_applicants(texts["a"], applicants.name)
    facs, e2 = parse_facilitators(texts["f"], facilitators.name)
    confs: list[Conflict] = []
    e3: list[ParseError] = []
    if conflicts is not None:
        if e1:  # conflicts can only be checked against a valid applicant list
            confs = []
        else:
            confs, e3 = parse_conflicts(texts["c"], {a.id for a in apps}, conflicts.name)
    rule, e4 = parse_rules(texts["r"], rules.name)
    errors = e1 + e2 + e3 + e4
    if errors or rule is None:
        raise InputError(errors)
    return Instance(tuple(apps), tuple(facs), tuple(confs), rule)
