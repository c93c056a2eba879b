"""Reading an applicants CSV for one offer: every row checked, every problem reported with
its line and column in Dutch, so the coordinator can fix the file in one go. Nothing here
writes; actions.import_applicants stores the rows only when there is no error at all.

Format (header row, UTF-8 with or without BOM, comma):
id,name,role,discipline,team,organisation,municipality,experience_years,availability
with role professional|client and availability a ';'-separated list of slot codes.

The CSV itself is read by the formation solver's io (the same reader as the `kring-form`
CLI); its errors come with a code and parameters, translated here into Dutch. What only
the web knows is checked here: the offer's slots and rules, ids imported before, lengths.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.formation.solver import io as solver_io
from kring.formation.solver.model import Applicant

COLUMNS = ("id", "name", "role", "discipline", "team", "organisation", "municipality", "experience_years", "availability")
# An optional last column: the applicant's e-mail address, so that publishing can invite
# people who have no Kring account yet.
OPTIONAL_COLUMNS = ("email",)
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS = 200  # enough to fix a file; a wholly wrong file should not produce a wall of text
LIMITS = {"id": 64, "name": 150, "discipline": 120, "team": 120, "organisation": 200, "municipality": 120, "email": 254}
FILE = "applicants.csv"
# the web asks a name, not the attributes; roles and slots in any case, "2,5" years fine
WEB_FORMAT = solver_io.ApplicantFormat(required=("id", "name", "experience_years"),
                                       decimal_comma=True, fold_case=True)


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
    email: str = ""


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
    if "\x00" in text:
        result.add(0, "", _("The file contains binary data; it is not a CSV file."))
        return result
    records, errors = solver_io.read_csv(text, FILE, COLUMNS, exact=True, optional=OPTIONAL_COLUMNS)
    if any(e.line in (None, 1) for e in errors):  # the file or its header is unusable
        for e in errors:  # "no applicants" points at the first data line, the rest at the header
            result.add(e.line or (2 if e.code == "no_data_rows" else 1), "", translate(e))
        if any(e.code in HEADER_CODES for e in errors):
            result.add(1, "", _("The first line must be exactly: %(header)s (optionally followed by ,email)") % {"header": ",".join(COLUMNS)})
        return result
    if len(records) > MAX_ROWS:
        errors.append(solver_io.ParseError(FILE, records[MAX_ROWS].line, None, "too_many_rows", "", {}))
        records = records[:MAX_ROWS]
    # whole-line problems (field count, bad CSV); every error left has a line (see above)
    problems = {e.line: [e] for e in errors if e.line is not None}
    applicants = [solver_io.applicant_from(solver_io.RowReader(FILE, rec, problems.setdefault(rec.line, []), WEB_FORMAT))
                  for rec in records]
    lines = [rec.line for rec in records]
    for e in solver_io.unique_ids(applicants, lines, FILE):
        if e.line is not None:  # always: a duplicate id is on a line
            problems[e.line].append(e)
    for line in sorted(set(problems) - set(lines)):
        for e in problems[line]:
            result.add(line, e.column or "", translate(e))
    for rec, app in zip(records, applicants, strict=True):
        before = len(result.errors) + int(result.truncated)
        for e in problems[rec.line]:
            result.add(rec.line, e.column or "", translate(e))
        bad = {e.column for e in problems[rec.line]}  # columns the reader already faulted
        _offer_checks(rec, app, rules, result, bad)
        if len(result.errors) + int(result.truncated) == before:
            result.rows.append(ApplicantRow(
                line=rec.line, id=app.id, name=app.name, role=app.role, discipline=app.discipline,
                team=app.team, organisation=app.organisation, municipality=app.municipality,
                experience_years=Decimal(rec.data["experience_years"].replace(",", ".")),
                availability=_slots(rec), email=rec.data.get("email", "")))
    return result


def _slots(rec: solver_io.Record) -> list[str]:
    return solver_io.RowReader(FILE, rec, [], WEB_FORMAT).slot_list("availability")


def _offer_checks(rec: solver_io.Record, app: Applicant, rules: OfferRules, result: ParseResult, bad: set[str | None]) -> None:
    """What the solver's reader cannot know: lengths, this offer's rules and slots, and
    ids imported before. Columns in `bad` already have an error and are not checked again."""
    line = rec.line
    for column, limit in LIMITS.items():
        if len(rec.data.get(column, "")) > limit:
            result.add(line, column, _("Longer than %(max)d characters.") % {"max": limit})
    if app.id in rules.taken_ids and "id" not in bad:
        result.add(line, "id", _("An applicant with id “%(id)s” was already imported for this offer.") % {"id": app.id})
    if app.role == "client" and not rules.clients_allowed:
        result.add(line, "role", _("This offer is for professionals only."))
    years = Decimal(str(app.experience_years))
    if "experience_years" in bad:
        pass
    elif years > 60:
        result.add(line, "experience_years", _("Years of experience must be between 0 and 60."))
    elif years < rules.min_experience_years:
        result.add(
            line, "experience_years",
            _("%(years)s years of experience; this offer asks for at least %(min)s.")
            % {"years": number_format(years, 1), "min": number_format(rules.min_experience_years, 1)},
        )
    slots = _slots(rec)
    unknown = [s for s in slots if s not in rules.slots]
    if unknown and rules.slots:
        result.add(
            line, "availability",
            ngettext("Unknown time slot %(slots)s; this offer has %(offered)s.",
                     "Unknown time slots %(slots)s; this offer has %(offered)s.", len(unknown))
            % {"slots": ", ".join(unknown), "offered": ", ".join(sorted(rules.slots))},
        )
    elif not slots and rules.common_slot:
        result.add(line, "availability", _("No time slot: a group needs a slot everyone can make."))


HEADER_CODES = {"missing_columns", "unknown_columns", "duplicate_column", "wrong_order"}

# The solver's error codes in Dutch (its English messages are for the command line).
MESSAGES: dict[str, Callable[[solver_io.ParseError], str]] = {
    "file_empty": lambda e: _("The file is empty."),
    "missing_columns": lambda e: ngettext("The header misses the column %(cols)s.", "The header misses the columns %(cols)s.",
                                          len(e.params["columns"])) % {"cols": ", ".join(e.params["columns"])},
    "unknown_columns": lambda e: ngettext("The header has an unknown column %(cols)s.", "The header has unknown columns %(cols)s.",
                                          len(e.params["columns"])) % {"cols": ", ".join(e.params["columns"])},
    "duplicate_column": lambda e: _("A column name appears twice in the header."),
    "wrong_order": lambda e: _("The columns are in the wrong order."),
    "no_data_rows": lambda e: _("The file has a header but no applicants."),
    "field_count": lambda e: _("Expected %(want)d fields, found %(got)d.") % e.params,
    "too_many_rows": lambda e: _("The file has more than %(max)d applicants; split it.") % {"max": MAX_ROWS},
    "not_a_number": lambda e: _("“%(value)s” is not a number of years.") % e.params,
    "negative_number": lambda e: _("Years of experience must be between 0 and 60."),
    "not_a_choice": lambda e: _("Unknown role “%(role)s”: use professional or client.") % {"role": e.params["value"]},
    "duplicate_id": lambda e: _("The id “%(id)s” is also on line %(other)d.") % {"id": e.params["id"], "other": e.params["other_line"]},
}


def translate(e: solver_io.ParseError) -> str:
    if e.code == "bad_csv":
        if e.line == 1:
            return _("The header row cannot be read as CSV.")
        return _("This line cannot be read as CSV (%(problem)s).") % e.params
    if e.code == "empty":
        if e.column == "experience_years":
            return _("“%(value)s” is not a number of years.") % {"value": ""}
        return _("The name is empty.") if e.column == "name" else _("The id is empty.")
    return MESSAGES[e.code](e)
