"""Reading an applicants CSV for one offer: every row checked, every problem reported with
its line and column in Dutch, so the coordinator can fix the file in one go. Nothing here
writes; actions.import_applicants stores the rows only when there is no error at all.

Format (header row, UTF-8 with or without BOM, comma):
id,name,role,discipline,team,organisation,municipality,experience_years,availability
with role professional|client and availability a ';'-separated list of slot codes."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

COLUMNS = ("id", "name", "role", "discipline", "team", "organisation", "municipality", "experience_years", "availability")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 200  # enough to fix a file; a wholly wrong file should not produce a wall of text
LIMITS = {"id": 64, "name": 150, "discipline": 120, "team": 120, "organisation": 200, "municipality": 120}
ROLES = {"professional": "professional", "client": "client"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # "" when the problem is the whole row or file
    message: str


@dataclass
class ApplicantRow:
    line: int
    id: str
    name: str
    role: str
    discipline: str
    team: str
    organisation: str
    municipality: str
    experience_years: Decimal
    availability: list[str]


@dataclass
class ParseResult:
    rows: list[ApplicantRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    truncated: bool = False  # more errors than MAX_ERRORS were found

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(line, column, message))
        else:
            self.truncated = True


@dataclass(frozen=True)
class OfferRules:
    """What the offer asks, as far as an imported row can be checked against it."""

    slots: frozenset[str]
    clients_allowed: bool
    min_experience_years: Decimal
    common_slot: bool
    taken_ids: frozenset[str] = frozenset()


def parse_years(text: str) -> Decimal | None:
    """'3', '2.5' or the Dutch '2,5'; None when it is not a plain number."""
    text = text.strip().replace(",", ".")
    if not re.fullmatch(r"-?\d{1,3}(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        return None


def decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse(data: bytes, rules: OfferRules) -> ParseResult:
    result = ParseResult()
    if len(data) > MAX_BYTES:
        result.add(0, "", _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        return result
    text = decode(data)
    if text is None:
        result.add(0, "", _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))
        return result
    if not text.strip():
        result.add(1, "", _("The file is empty."))
        return result
    if "\x00" in text:
        result.add(0, "", _("The file contains binary data; it is not a CSV file."))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error:
        result.add(1, "", _("The header row cannot be read as CSV."))
        return result
    if tuple(header) != COLUMNS:
        _header_errors(result, header)
        return result
    _parse_rows(reader, rules, result)
    if not result.rows and not result.errors:
        result.add(2, "", _("The file has a header but no applicants."))
    return result


def _header_errors(result: ParseResult, header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    expected = ",".join(COLUMNS)
    if missing:
        result.add(1, "", _("The header misses the column(s) %(cols)s.") % {"cols": ", ".join(missing)})
    if unknown:
        result.add(1, "", _("The header has unknown column(s) %(cols)s.") % {"cols": ", ".join(unknown)})
    if not missing and not unknown:
        result.add(1, "", _("The columns are in the wrong order."))
    result.add(1, "", _("The first line must be exactly: %(header)s") % {"header": expected})


def _parse_rows(reader: Iterable[list[str]], rules: OfferRules, result: ParseResult) -> None:
    seen: dict[str, int] = {}
    count = 0
    iterator = iter(reader)
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except csv.Error as exc:
            result.add(getattr(reader, "line_num", 0), "", _("This line cannot be read as CSV (%(problem)s).") % {"problem": exc})
            return
        line = getattr(reader, "line_num", 0)
        if not any(v.strip() for v in values):
            continue  # blank lines, e.g. at the end of the file
        count += 1
        if count > MAX_ROWS:
            result.add(line, "", _("The file has more than %(max)d applicants; split it.") % {"max": MAX_ROWS})
            return
        if len(values) != len(COLUMNS):
            result.add(line, "", _("Expected %(want)d fields, found %(got)d.") % {"want": len(COLUMNS), "got": len(values)})
            continue
        row = _parse_row(line, dict(zip(COLUMNS, (v.strip() for v in values))), rules, seen, result)
        if row is not None:
            result.rows.append(row)


def _parse_row(
    line: int, raw: dict[str, str], rules: OfferRules, seen: dict[str, int], result: ParseResult
) -> ApplicantRow | None:
    before = len(result.errors) + int(result.truncated)
    for column, limit in LIMITS.items():
        if len(raw[column]) > limit:
            result.add(line, column, _("Longer than %(max)d characters.") % {"max": limit})
    if not raw["id"]:
        result.add(line, "id", _("The id is empty."))
    elif raw["id"] in seen:
        result.add(line, "id", _("The id “%(id)s” is also on line %(other)d.") % {"id": raw["id"], "other": seen[raw["id"]]})
    elif raw["id"] in rules.taken_ids:
        result.add(line, "id", _("An applicant with id “%(id)s” was already imported for this offer.") % {"id": raw["id"]})
    else:
        seen[raw["id"]] = line
    if not raw["name"]:
        result.add(line, "name", _("The name is empty."))
    role = ROLES.get(raw["role"].lower())
    if role is None:
        result.add(line, "role", _("Unknown role “%(role)s”: use professional or client.") % {"role": raw["role"]})
    elif role == "client" and not rules.clients_allowed:
        result.add(line, "role", _("This offer is for professionals only."))
    years = parse_years(raw["experience_years"])
    if years is None:
        result.add(line, "experience_years", _("“%(value)s” is not a number of years.") % {"value": raw["experience_years"]})
    elif years < 0 or years > 60:
        result.add(line, "experience_years", _("Years of experience must be between 0 and 60."))
    elif years < rules.min_experience_years:
        result.add(
            line, "experience_years",
            _("%(years)s years of experience; this offer asks for at least %(min)s.") % {"years": years, "min": rules.min_experience_years},
        )
    slots = [s.strip().lower() for s in raw["availability"].split(";") if s.strip()]
    unknown = [s for s in slots if s not in rules.slots]
    if unknown and rules.slots:
        result.add(
            line, "availability",
            _("Unknown time slot(s) %(slots)s; this offer has %(offered)s.") % {"slots": ", ".join(unknown), "offered": ", ".join(sorted(rules.slots))},
        )
    elif not slots and rules.common_slot:
        result.add(line, "availability", _("No time slot: a group needs a slot everyone can make."))
    if len(result.errors) + int(result.truncated) > before:
        return None
    return ApplicantRow(
        line=line, id=raw["id"], name=raw["name"], role=role or "professional", discipline=raw["discipline"],
        team=raw["team"], organisation=raw["organisation"], municipality=raw["municipality"],
        experience_years=years or Decimal("0"), availability=list(dict.fromkeys(slots)),
    )
