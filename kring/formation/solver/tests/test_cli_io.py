from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from kring.formation.solver import cli
from kring.formation.solver.io import parse_applicants, parse_conflicts, parse_rules

ROOT = Path(__file__).resolve().parents[4]
APPS = """id,name,role,discipline,team,organisation,municipality,experience_years,availability
a1,An,professional,psychologist,t1,o1,Utrecht,3,mon-am;thu-pm
a2,Bo,professional,social-worker,t2,o1,Zeist,2.5,mon-am
a3,Cy,client,psychologist,t3,o2,Utrecht,1,mon-am
a4,Di,professional,nurse,t4,o2,Houten,10,mon-am;tue-am
a5,Ed,professional,psychologist,t5,o3,Zeist,4,thu-pm;mon-am
a6,Fe,professional,nurse,t6,o3,Utrecht,0.5,mon-am
"""
FACS = "id,name,capacity,availability\nf1,Fay,2,mon-am;thu-pm\n"
CONFS = "a,b,kind\na1,a2,therapeutic\n"
RULES = {"min_size": 2, "max_size": 3, "min_experience_years": 1, "clients_allowed": True,
         "max_clients_per_group": 1, "outside_own_team": True, "common_slot": True,
         "spread": {"municipality": 1.0, "discipline": 0.5}, "same": []}


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def in_process(args: list[str]) -> Ran:
    """The CLI's main() in this process: the same code path as the console script without paying
    a new interpreter per case (test_cli_mdgp_json and the console-script test keep the real one)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(args)
        except SystemExit as stop:  # argparse refusing the arguments
            code = int(stop.code or 0)
    return Ran(code, out.getvalue(), err.getvalue())


def run(tmp_path: Path, apps: str = APPS, facs: str = FACS, confs: str | None = CONFS,
        rules: str = json.dumps(RULES), *extra: str) -> Ran:
    files = {"applicants.csv": apps, "facilitators.csv": facs, "rules.json": rules}
    if confs is not None:
        files["conflicts.csv"] = confs
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = ["groups", "--applicants", str(tmp_path / "applicants.csv"),
            "--facilitators", str(tmp_path / "facilitators.csv"),
            "--rules", str(tmp_path / "rules.json"), "--seconds", "1", "--max-iterations", "100"]
    if confs is not None:
        args += ["--conflicts", str(tmp_path / "conflicts.csv")]
    return in_process(args + list(extra))


def test_cli_groups_json(tmp_path: Path) -> None:
    p = run(tmp_path, "\ufeff" + APPS)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["violations"] == [] and out["bound"] >= out["objective"]
    placed = [m for g in out["groups"] for m in g["members"]]
    assert sorted(placed + [u["id"] for u in out["unplaced"]]) == [f"a{i}" for i in range(1, 7)]
    assert {"id": "a6", "reason": "ineligible_experience",
            "message": "0.5 years of experience, 1 required"} in out["unplaced"]
    assert all(g["slot"] == "mon-am" or g["slot"] == "thu-pm" for g in out["groups"])


def test_cli_mdgp_json(tmp_path: Path) -> None:
    f = tmp_path / "i.txt"
    f.write_text("4 2 ss 2 2 2 2\n0 1 1\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 6\n")
    p = subprocess.run([sys.executable, "-m", "kring.formation.solver", "mdgp", str(f),
                        "--seconds", "2", "--seed", "1"], capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    out = json.loads(p.stdout)
    assert out["objective"] == 7 and out["optimal"] and out["method"] == "subset-dp"
    assert sorted(out["assignment"]) == [0, 0, 1, 1]  # (0,3)+(1,2) and (0,1)+(2,3) tie at 7


BAD = [
    (APPS.replace("a4,Di,professional,nurse,t4,o2,Houten,10", "a4,Di,professional,nurse,t4,o2,Houten,abc"),
     FACS, CONFS, 'applicants.csv, line 5, column experience_years: "abc" is not a number'),
    (APPS.replace(",10,", ",-3,"), FACS, CONFS, "line 5, column experience_years"),
    (APPS.replace("client", "boss"), FACS, CONFS, 'line 4, column role: "boss" is not one of'),
    (APPS.replace("a5,", "a4,"), FACS, CONFS, 'line 6, column id: duplicate id "a4"'),
    (APPS.replace(",availability", ""), FACS, CONFS, "missing column(s): availability"),
    (APPS.replace(",availability", ",availability,shoe"), FACS, CONFS, "unknown column(s): shoe"),
    ("", FACS, CONFS, "applicants.csv: the file is empty"),
    (APPS, FACS.replace(",2,", ",two,"), CONFS, "facilitators.csv, line 2, column capacity"),
    (APPS, FACS, "a,b,kind\na1,a99,therapeutic\n", 'line 2, column b: unknown applicant or facilitator id "a99"'),
    (APPS, FACS, "a,b,kind\na1,a1,other\n", "line 2, column b"),
    (APPS, FACS, "a,b,kind\na1,a2,love\n", 'line 2, column kind: "love" is not one of'),
]


@pytest.mark.parametrize(("apps", "facs", "confs", "message"), BAD)
def test_cli_bad_csv(tmp_path: Path, apps: str, facs: str, confs: str, message: str) -> None:
    p = run(tmp_path, apps, facs, confs)
    assert p.returncode == 2 and message in p.stderr and "Traceback" not in p.stderr
    assert p.stdout == ""


@pytest.mark.parametrize(("rules", "message"), [
    ("{not json", "invalid JSON"),
    (json.dumps({**RULES, "colour": 1}), "column colour: unknown rule"),
    (json.dumps({**RULES, "min_size": "6"}), "column min_size: must be int"),
    (json.dumps({**RULES, "min_size": 9}), "min_size 9 is larger than max_size 3"),
    (json.dumps({**RULES, "spread": {"hair": 1}}), 'unknown attribute "hair"'),
    (json.dumps({**RULES, "max_clients_per_group": -1}), "must not be negative"),
])
def test_cli_bad_rules(tmp_path: Path, rules: str, message: str) -> None:
    p = run(tmp_path, rules=rules)
    assert p.returncode == 2 and message in p.stderr and "Traceback" not in p.stderr


def test_cli_missing_file(tmp_path: Path) -> None:
    p = in_process(["groups", "--applicants", str(tmp_path / "nope.csv"), "--facilitators",
                    str(tmp_path / "nope2.csv"), "--rules", str(tmp_path / "r.json")])
    assert p.returncode == 2 and "file not found" in p.stderr and "Traceback" not in p.stderr


def test_parse_functions_import_nothing_on_error() -> None:
    rows, errors = parse_applicants(APPS.replace(",3,", ",x,"))
    assert rows == [] and errors[0].line == 2 and errors[0].column == "experience_years"
    rows, errors = parse_applicants(APPS)
    assert len(rows) == 6 and errors == []
    assert rows[0].availability == frozenset({"mon-am", "thu-pm"})
    conflicts, errors = parse_conflicts("a,b,kind\na1,a2,other\n", {"a1", "a2"})
    assert len(conflicts) == 1 and errors == []
    rules, errors = parse_rules(json.dumps(RULES))
    assert errors == [] and rules is not None and rules.max_size == 3


def test_errors_carry_codes_and_params() -> None:
    _, errors = parse_applicants(APPS.replace(",3,", ",abc,"))
    (e,) = errors
    assert (e.line, e.column, e.code, e.params) == (2, "experience_years", "not_a_number",
                                                    {"value": "abc"})
    assert str(e) == 'applicants.csv, line 2, column experience_years: "abc" is not a number'
    _, errors = parse_applicants(APPS.replace("a5,", "a4,").replace("client", "boss"))
    assert [(e.code, e.params) for e in errors] == [
        ("not_a_choice", {"value": "boss", "allowed": ["professional", "client"]}),
        ("duplicate_id", {"id": "a4", "other_line": 5})]
    _, errors = parse_applicants(APPS.replace(",availability", ",availability,shoe"))
    assert [(e.code, e.params) for e in errors] == [("unknown_columns", {"columns": ["shoe"]})]
    _, errors = parse_rules(json.dumps({**RULES, "min_size": 5, "colour": 1}))
    assert [e.code for e in errors] == ["unknown_rule"]
    _, errors = parse_rules(json.dumps({**RULES, "min_size": 5}))
    assert [(e.code, e.params) for e in errors] == [("min_above_max", {"min": 5, "max": 3})]


def test_conflicts_may_name_a_facilitator() -> None:
    rows, errors = parse_conflicts("a,b,kind\nf1,a2,other\n", {"a1", "a2"}, facilitator_ids=frozenset({"f1"}))
    assert errors == [] and rows[0].a == "f1"
    _, errors = parse_conflicts("a,b,kind\nf1,f2,other\n", {"a1"}, facilitator_ids=frozenset({"f1", "f2"}))
    assert [e.code for e in errors] == ["two_facilitators"]


def test_optional_columns_follow_the_required_ones() -> None:
    from kring.formation.solver.io import read_csv

    columns = ("id", "name")
    records, errors = read_csv("id,name,email\na1,Anna,anna@example.org\n", "f.csv", columns, exact=True, optional=("email",))
    assert errors == [] and records[0].data == {"id": "a1", "name": "Anna", "email": "anna@example.org"}
    _, errors = read_csv("id,name,email\na1,Anna,x\n", "f.csv", columns, exact=True)
    assert [e.code for e in errors] == ["unknown_columns"]
    _, errors = read_csv("email,id,name\nx,a1,Anna\n", "f.csv", columns, exact=True, optional=("email",))
    assert [e.code for e in errors] == ["wrong_order"]


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "kring-form"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "mdgp" in result.stdout and "groups" in result.stdout
