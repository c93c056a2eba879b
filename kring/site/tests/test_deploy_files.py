"""The Dockerfile, compose.yaml and the systemd units run exactly the commands the tests
run and docs/deploy.md documents, with variables the README documents. (The images cannot
be built here: no container daemon; this is what can be checked without one.)"""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import load_command_class
from django.core.management.base import CommandError

ROOT = Path(settings.BASE_DIR)
ALLOWED = {"serve", "worker", "migrate", "collectstatic", "backup", "compilemessages"}
# Variables of the images and services themselves, not Kring's.
FOREIGN = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}


def _json_commands(text: str, key: str) -> list[list[str]]:
    return [json.loads(m) for m in re.findall(rf"^\s*{key}:?\s*(\[.*\])\s*$", text, flags=re.M)]


def _kring_commands() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    found += [("Dockerfile", c) for c in _json_commands((ROOT / "Dockerfile").read_text(), "CMD")]
    found += [("compose.yaml", c) for c in _json_commands((ROOT / "compose.yaml").read_text(), "command")]
    for unit in sorted((ROOT / "deploy").glob("*.service")):
        for line in re.findall(r"^Exec(?:Start|StartPre)=(.*)$", unit.read_text(), flags=re.M):
            found.append((unit.name, shlex.split(line)))
    return [(where, argv) for where, argv in found if "kring" in argv]


def _documented_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration"):]
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))


def test_every_command_is_a_real_kring_command_with_valid_options() -> None:
    commands = _kring_commands()
    assert {where for where, _argv in commands} >= {"Dockerfile", "compose.yaml", "kring-web.service",
                                                    "kring-worker@.service", "kring-backup.service"}
    docs = (ROOT / "docs" / "deploy.md").read_text()
    for where, argv in commands:
        assert argv[argv.index("kring") - 1] == "-m" and Path(argv[0]).name == "python", (where, argv)
        name, *options = argv[argv.index("kring") + 1:]
        assert name in ALLOWED, (where, argv)
        options = [o.replace("${WEB_WORKERS}", "2") for o in options]
        try:
            load_command_class("kring.site" if name in {"serve", "worker", "backup"} else _app_of(name), name) \
                .create_parser("kring", name).parse_args(options)
        except (CommandError, SystemExit) as exc:
            pytest.fail(f"{where}: {' '.join(argv)} does not parse: {exc}")
        assert f"python -m kring {name}" in docs, f"{where}: 'python -m kring {name}' is not in docs/deploy.md"
    served = [argv for _where, argv in commands if "serve" in argv]
    assert served and all("--production" in argv for argv in served)


def _app_of(name: str) -> str:
    return {"migrate": "django.core", "collectstatic": "django.contrib.staticfiles",
            "compilemessages": "django.core"}[name]


def test_every_variable_is_documented() -> None:
    documented = _documented_variables()
    compose = (ROOT / "compose.yaml").read_text()
    in_compose = set(re.findall(r"^\s{4}([A-Z][A-Z0-9_]+):", compose, flags=re.M))
    in_env_file = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / "deploy" / "kring.env.example").read_text(), flags=re.M))
    in_units = {v for unit in (ROOT / "deploy").glob("*.service") for v in re.findall(r"\$\{([A-Z_]+)\}", unit.read_text())}
    in_docker = set(re.findall(r"(?:^|\s)([A-Z][A-Z0-9_]+)=", (ROOT / "Dockerfile").read_text()))
    assert in_compose and in_env_file and in_units
    for name in (in_compose | in_env_file | in_units | in_docker) - FOREIGN:
        base = name.removesuffix("_FILE")
        assert base in documented, f"{name} is used by a deployment file but not in the README's configuration table"
    assert in_units <= in_env_file  # what a unit expands, the example environment sets
