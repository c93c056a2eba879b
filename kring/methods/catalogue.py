"""Loading the built-in methods from ``data/*.json``. Idempotent and versioned: a method
is created when its key is new, replaced when the file's version is higher than the
stored one, and left alone otherwise (so reloading never undoes anything)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from kring.methods.models import Collects, Method, Phase, Speaker

DATA_DIR = Path(__file__).resolve().parent / "data"

_METHOD_TEXTS = ("name", "summary", "when_to_use")
_PHASE_TEXTS = ("title", "purpose", "chair_instructions", "prompts")
# In the files a phase's texts use short names and prompts are a list; stored, they are the
# model's field names and one prompt per line.
_FILE_NAMES = {"chair": "chair_instructions"}


class CatalogueError(ValueError):
    """A catalogue file that does not describe a method correctly."""


def _translations(raw: Any, allowed: tuple[str, ...], where: str) -> dict[str, dict[str, str]]:
    """{"en": {"title": ..., "chair": ..., "prompts": [...]}} → stored form, checked."""
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: translations must be an object per language")
    result: dict[str, dict[str, str]] = {}
    for language, texts in raw.items():
        if not isinstance(texts, dict):
            raise CatalogueError(f"{where}: translations for {language!r} must be an object")
        stored: dict[str, str] = {}
        for name, value in texts.items():
            field = _FILE_NAMES.get(name, name)
            if field not in allowed:
                raise CatalogueError(f"{where}: unknown text {name!r} in the {language!r} translation")
            stored[field] = "\n".join(value) if isinstance(value, list) else str(value)
        result[language] = stored
    return result


def _phase_fields(raw: dict[str, Any], order: int, where: str) -> dict[str, Any]:
    speaker = raw.get("speaker", Speaker.GROUP)
    collects = raw.get("collects", Collects.NOTES)
    minutes = raw.get("minutes")
    if speaker not in Speaker.values or collects not in Collects.values:
        raise CatalogueError(f"{where}: unknown speaker {speaker!r} or collects {collects!r}")
    if not isinstance(minutes, int) or not 1 <= minutes <= 240 or not str(raw.get("title", "")).strip():
        raise CatalogueError(f"{where}: a phase needs a title and 1–240 minutes")
    return {
        "order": order,
        "title": raw["title"],
        "purpose": raw.get("purpose", ""),
        "chair_instructions": raw.get("chair", ""),
        "prompts": "\n".join(raw.get("prompts", [])),
        "speaker": speaker,
        "minutes": minutes,
        "collects": collects,
        "bringer_outside": bool(raw.get("bringer_outside", False)),
        "translations": _translations(raw.get("translations", {}), _PHASE_TEXTS, where),
    }


def parse(raw: dict[str, Any], where: str = "method") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Check one method file; return the method's fields and its phases' fields."""
    key, version = raw.get("key"), raw.get("version")
    if not isinstance(key, str) or not key or not isinstance(version, int) or version < 1:
        raise CatalogueError(f"{where}: needs a key and a positive integer version")
    phases = raw.get("phases") or []
    if not phases:
        raise CatalogueError(f"{where}: a method needs at least one phase")
    size, minutes = raw.get("group_size", [3, 10]), raw.get("minutes", [45, 90])
    fields = {
        "version": version,
        "name": raw["name"],
        "summary": raw.get("summary", ""),
        "when_to_use": raw.get("when_to_use", ""),
        "min_group_size": size[0], "max_group_size": size[1],
        "min_minutes": minutes[0], "max_minutes": minutes[1],
        "translations": _translations(raw.get("translations", {}), _METHOD_TEXTS, where),
    }
    return fields, [_phase_fields(p, i, f"{where} phase {i + 1}") for i, p in enumerate(phases)]


@transaction.atomic
def load_method(raw: dict[str, Any], where: str = "method") -> str:
    """Store one method; returns 'created', 'updated' or 'unchanged'."""
    fields, phases = parse(raw, where)
    method = Method.objects.select_for_update().filter(key=raw["key"]).first()
    if method is not None and method.version >= fields["version"]:
        return "unchanged"
    outcome = "updated" if method else "created"
    if method is None:
        method = Method.objects.create(key=raw["key"], **fields)
    else:
        for name, value in fields.items():
            setattr(method, name, value)
        method.save()
        # Meetings copy phases into their own blocks, so replacing them is safe.
        method.phases.all().delete()
    Phase.objects.bulk_create([Phase(method=method, **p) for p in phases])
    return outcome


def load_catalogue(directory: Path = DATA_DIR) -> dict[str, str]:
    """Load every ``*.json`` in the directory; returns {key: outcome}."""
    results: dict[str, str] = {}
    for path in sorted(directory.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        results[raw.get("key", path.stem)] = load_method(raw, where=path.name)
    return results
