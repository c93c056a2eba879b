"""Parsing and validation of the CSV/JSON inputs, shared by the CLI and the web CSV
import (kring/formation/csvimport.py, which reuses read_csv / RowReader / applicant_from).
Every parse function returns (rows, errors): rows are only returned when there are no
errors, so a caller imports all or nothing. Errors name file, line and column and carry a
machine code with parameters next to the English message, so callers can translate.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
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
    """One problem in an input file. `code` and `params` are for programs (the web
    import translates them); `message` is the English text the CLI prints."""

    file: str
    line: int | None
    column: str | None
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

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


@dataclass(frozen=True)
class Record:
    """One non-blank CSV data line: its line number and raw (stripped) cells by column."""

    line: int
    data: dict[str, str]


@dataclass(frozen=True)
class ApplicantFormat:
    """How strict an applicants file is read: the CLI requires every attribute; the web
    import requires a name instead, accepts a decimal comma and any case in role/slots."""

    required: tuple[str, ...] = ("id", "role", "discipline", "team", "organisation",
                                 "municipality", "experience_years")
    decimal_comma: bool = False
    fold_case: bool = False


class RowReader:
    """Typed getters on one record that collect errors instead of raising."""

    def __init__(self, file: str, record: Record, errors: list[ParseError],
                 fmt: ApplicantFormat | None = None) -> None:
        self.file, self.line, self.data, self.errors = file, record.line, record.data, errors
        self.fmt = fmt or ApplicantFormat()

    def err(self, column: str | None, code: str, message: str, **params: Any) -> None:
        self.errors.append(ParseError(self.file, self.line, column, code, message, params))

    def text(self, col: str, required: bool = True) -> str:
        v = (self.data.get(col) or "").strip()
        if required and not v:
            self.err(col, "empty", "is empty")
        return v

    def number(self, col: str, integer: bool = False, required: bool = True) -> float:
        raw = self.text(col, required)
        if not raw:
            return 0
        txt = raw.replace(",", ".") if self.fmt.decimal_comma else raw
        try:
            v = int(txt) if integer else float(txt)
        except ValueError:
            code = "not_a_whole_number" if integer else "not_a_number"
            self.err(col, code, f'"{raw}" is not {"a whole number" if integer else "a number"}',
                     value=raw)
            return 0
        if not math.isfinite(v) or v < 0:
            self.err(col, "negative_number", f'"{raw}" must be a non-negative number', value=raw)
            return 0
        return v

    def choice(self, col: str, allowed: tuple[str, ...]) -> str:
        v = self.text(col)
        if self.fmt.fold_case:
            v = v.lower()
        if v and v not in allowed:
            self.err(col, "not_a_choice", f'"{v}" is not one of {", ".join(allowed)}',
                     value=v, allowed=list(allowed))
        return v

    def slot_list(self, col: str) -> list[str]:
        """Slot codes in file order, without repeats."""
        slots = [s.strip() for s in (self.data.get(col) or "").split(";") if s.strip()]
        if self.fmt.fold_case:
            slots = [s.lower() for s in slots]
        return list(dict.fromkeys(slots))


def read_csv(text: str, file: str, columns: tuple[str, ...], *, exact: bool = False,
             optional: tuple[str, ...] = ()) -> tuple[list[Record], list[ParseError]]:
    """Header checks (names case-insensitive; with `exact`, also their order, optional
    columns after the required ones), then one Record per non-blank line with the right
    number of fields. Stops at unreadable CSV."""
    def err(line: int | None, code: str, message: str, **params: Any) -> ParseError:
        return ParseError(file, line, None, code, message, params)

    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [err(None, "file_empty", "the file is empty")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        return [], [err(1, "bad_csv", f"cannot be read as CSV ({exc})", problem=str(exc))]
    errors: list[ParseError] = []
    missing = [c for c in columns if c not in header]
    extra = [h for h in header if h not in columns and h not in optional]
    if missing:
        errors.append(err(1, "missing_columns", f"missing column(s): {', '.join(missing)}",
                          columns=missing))
    if extra:
        errors.append(err(1, "unknown_columns", f"unknown column(s): {', '.join(extra)}",
                          columns=extra))
    if len(set(header)) != len(header):
        errors.append(err(1, "duplicate_column", "a column name appears twice"))
    if not errors and exact and tuple(header[:len(columns)]) != columns:
        errors.append(err(1, "wrong_order", "the columns are in the wrong order",
                          expected=list(columns)))
    if errors:
        return [], errors
    records: list[Record] = []
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(err(reader.line_num, "bad_csv", f"cannot be read as CSV ({exc})",
                              problem=str(exc)))
            break
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(err(line, "field_count", f"{len(values)} fields, expected "
                              f"{len(header)}", got=len(values), want=len(header)))
            continue
        records.append(Record(line, dict(zip(header, (v.strip() for v in values), strict=True))))
    if not records and not errors:
        errors.append(err(None, "no_data_rows", "no data rows"))
    return records, errors


def _read_rows(text: str, file: str, columns: tuple[str, ...],
               build: Callable[[RowReader], T]) -> tuple[list[T], list[int], list[ParseError]]:
    records, errors = read_csv(text, file, columns)
    rows = [build(RowReader(file, rec, errors)) for rec in records]
    return rows, [rec.line for rec in records], errors


def unique_ids(rows: list[Any], lines: list[int], file: str) -> list[ParseError]:
    seen: dict[str, int] = {}
    out = []
    for row, line in zip(rows, lines, strict=True):
        if row.id in seen:
            out.append(ParseError(file, line, "id", "duplicate_id", f'duplicate id "{row.id}"',
                                  {"id": row.id, "other_line": seen[row.id]}))
        seen.setdefault(row.id, line)
    return out


def applicant_from(r: RowReader) -> Applicant:
    """One applicant from a record; problems go to r.errors (with codes)."""
    req = r.fmt.required
    return Applicant(
        id=r.text("id", "id" in req), name=r.text("name", "name" in req),
        role=r.choice("role", ROLES),
        discipline=r.text("discipline", "discipline" in req), team=r.text("team", "team" in req),
        organisation=r.text("organisation", "organisation" in req),
        municipality=r.text("municipality", "municipality" in req),
        experience_years=float(r.number("experience_years",
                                        required="experience_years" in req)),
        availability=frozenset(r.slot_list("availability")))


def parse_applicants(text: str, file: str = "applicants.csv"
                     ) -> tuple[list[Applicant], list[ParseError]]:
    rows, lines, errors = _read_rows(text, file, APPLICANT_COLUMNS, applicant_from)
    errors += unique_ids(rows, lines, file)
    return ([] if errors else rows), errors


def parse_facilitators(text: str, file: str = "facilitators.csv"
                       ) -> tuple[list[Facilitator], list[ParseError]]:
    def build(r: RowReader) -> Facilitator:
        return Facilitator(id=r.text("id"), name=r.text("name", required=False),
                           capacity=int(r.number("capacity", integer=True)),
                           availability=frozenset(r.slot_list("availability")))

    rows, lines, errors = _read_rows(text, file, FACILITATOR_COLUMNS, build)
    errors += unique_ids(rows, lines, file)
    return ([] if errors else rows), errors


def parse_conflicts(text: str, known_ids: set[str], file: str = "conflicts.csv",
                    facilitator_ids: frozenset[str] = frozenset()
                    ) -> tuple[list[Conflict], list[ParseError]]:
    """Rows name two applicants, or a facilitator and an applicant (that facilitator
    may then not lead a group holding that applicant)."""
    def build(r: RowReader) -> Conflict:
        a, b = r.text("a"), r.text("b")
        for col, v in (("a", a), ("b", b)):
            if v and v not in known_ids and v not in facilitator_ids:
                r.err(col, "unknown_id", f'unknown applicant or facilitator id "{v}"', id=v)
        if a and a == b:
            r.err("b", "self_conflict", f'"{a}" cannot conflict with themself', id=a)
        elif a in facilitator_ids and b in facilitator_ids and not {a, b} & known_ids:
            r.err("b", "two_facilitators", f'"{a}" and "{b}" are both facilitators; a '
                  "conflict needs an applicant", a=a, b=b)
        return Conflict(a, b, r.choice("kind", CONFLICT_KINDS))

    if not text.lstrip("\ufeff").strip():
        return [], []  # an empty conflicts file simply means: no conflicts
    rows, _, errors = _read_rows(text, file, CONFLICT_COLUMNS, build)
    if errors and errors[-1].code == "no_data_rows":
        return [], []
    return ([] if errors else rows), errors


RULE_TYPES: dict[str, tuple[type, ...]] = {
    "min_size": (int,), "max_size": (int,), "min_experience_years": (int, float),
    "clients_allowed": (bool,), "max_clients_per_group": (int,), "outside_own_team": (bool,),
    "common_slot": (bool,), "spread": (dict,), "same": (list,), "num_groups": (int,),
}


def parse_rules(text: str, file: str = "rules.json") -> tuple[Rules | None, list[ParseError]]:
    def err(key: str | None, code: str, msg: str, **params: Any) -> ParseError:
        return ParseError(file, None, key, code, msg, params)

    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        return None, [ParseError(file, exc.lineno, None, "invalid_json", f"invalid JSON: "
                                 f"{exc.msg} (character {exc.colno})",
                                 {"problem": exc.msg, "character": exc.colno})]
    if not isinstance(data, dict):
        return None, [err(None, "not_an_object", "must be a JSON object")]
    errors = [err(k, "unknown_rule", "unknown rule", rule=k) for k in data if k not in RULE_TYPES]
    for k, types in RULE_TYPES.items():
        if k in data:
            v = data[k]
            ok = isinstance(v, types) and (bool in types or not isinstance(v, bool))
            if not ok:
                want = [t.__name__ for t in types]
                errors.append(err(k, "wrong_type", f"must be {' or '.join(want)}, got "
                                  f"{json.dumps(v)}", expected=want, value=v))
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
                errors.append(err(k, "negative_number", "must not be negative", value=v))
    if errors:
        return None, errors
    spread = data.get("spread", {"municipality": 1.0})
    for attr, w in spread.items():
        if attr not in ATTRIBUTES:
            errors.append(err("spread", "unknown_attribute", f'unknown attribute "{attr}" '
                              f'(use {", ".join(ATTRIBUTES)})', attribute=attr,
                              allowed=list(ATTRIBUTES)))
        elif isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0:
            errors.append(err("spread", "bad_weight", f'weight of "{attr}" must be a '
                              "non-negative number", attribute=attr))
    same = data.get("same", [])
    for attr in same:
        if attr not in ATTRIBUTES:
            errors.append(err("same", "unknown_attribute", f"unknown attribute "
                              f"{json.dumps(attr)}", attribute=attr, allowed=list(ATTRIBUTES)))
    lo, hi = data.get("min_size", 6), data.get("max_size", 8)
    if not errors and lo > hi:
        errors.append(err("min_size", "min_above_max", f"min_size {lo} is larger than "
                          f"max_size {hi}", min=lo, max=hi))
    if not errors and hi < 1:
        errors.append(err("max_size", "max_below_one", "max_size must be at least 1"))
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
        return "", [ParseError(path.name, None, None, "file_not_found",
                               f"file not found: {path}", {"path": str(path)})]
    except (OSError, UnicodeDecodeError) as exc:
        return "", [ParseError(path.name, None, None, "cannot_read",
                               f"cannot read the file ({exc})", {"problem": str(exc)})]


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
            confs, e3 = parse_conflicts(texts["c"], {a.id for a in apps}, conflicts.name,
                                        frozenset(f.id for f in facs))
    rule, e4 = parse_rules(texts["r"], rules.name)
    errors = e1 + e2 + e3 + e4
    if errors or rule is None:
        raise InputError(errors)
    return Instance(tuple(apps), tuple(facs), tuple(confs), rule)
