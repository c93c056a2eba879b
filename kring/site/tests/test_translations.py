"""Dutch is the default language: every message a person can see must be translated.

The test extracts the messages afresh from the code (makemessages on a copy of the tree),
so a new string that nobody added to a catalogue fails here too, not only an empty or
fuzzy entry."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

ROOT = Path(settings.BASE_DIR)


def _stats(po: Path) -> str:
    result = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(po)], capture_output=True, text=True)
    return (result.stderr or result.stdout).strip()


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    work = tmp_path_factory.mktemp("messages")
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    shutil.copytree(ROOT / "kring", work / "kring", ignore=ignore)
    shutil.copytree(ROOT / "locale", work / "locale", ignore=ignore)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-obsolete", "-v0"],
        cwd=work, env=env, check=True, capture_output=True, text=True,
    )
    return sorted(work.rglob("locale/nl/LC_MESSAGES/django.po"))


def test_every_message_is_translated_and_none_is_fuzzy(fresh_catalogues: list[Path]) -> None:
    assert fresh_catalogues, "no Dutch catalogue found"
    problems = {}
    for po in fresh_catalogues:
        stats = _stats(po)
        if "untranslated" in stats or "fuzzy" in stats:
            problems[str(po).split("messages", 1)[-1]] = stats
    assert problems == {}, f"Dutch translations missing (run makemessages in the area and translate): {problems}"


def test_catalogues_are_valid_gettext_with_matching_placeholders() -> None:
    for po in list(ROOT.glob("locale/nl/LC_MESSAGES/django.po")) + list(ROOT.glob("kring/*/locale/nl/LC_MESSAGES/django.po")):
        result = subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(po)], capture_output=True, text=True)
        assert result.returncode == 0, f"{po}: {result.stderr}"


@pytest.mark.django_db
def test_pages_are_dutch_by_default_and_english_on_request() -> None:
    client = Client()
    dutch = client.get("/").content.decode()
    assert '<html lang="nl">' in dutch and "Inloggen" in dutch
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english and "Log in" in english


def test_dutch_is_the_default_language() -> None:
    assert settings.LANGUAGE_CODE == "nl"
    with translation.override("nl"):
        assert translation.gettext("My groups") == "Mijn groepen"
    assert re.match(r"^nl", translation.get_language_from_path("/") or "nl")
