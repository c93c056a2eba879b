"""The meeting's own agenda, as the facilitator planned it (one item a line, in the
meeting's "agenda" field), read into the live meeting's blocks. Lines that name a
standard block ("Veiligheidsafspraken", "Keuze casus", "Pauze" …) become that block in the
facilitator's words; the line that names the method ("Bespreking volgens de werkvorm")
marks where the method's phases go; every other line is a block of its own."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from kring.live.models import BlockKind

# Where the method's phases go (not a block of its own).
METHOD = "method"

# Words (Dutch and English, lower case) that say which block a line is, tried in this
# order: the first kind with a word in the line wins.
KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (BlockKind.VOTE, ("casuskeuze", "keuze casus", "keuze van de casus", "casus kiezen", "stemming", "stemmen",
                      "case vote", "choose the case", "choice of case", "voting")),
    (METHOD, ("werkvorm", "methode", "bespreking", "method", "case discussion")),
    (BlockKind.CHECKIN, ("incheck", "check-in", "check in", "openingsronde", "inloop", "welkom", "welcome")),
    (BlockKind.AGREEMENTS, ("afspraken", "agreements")),
    (BlockKind.LOOKBACK, ("terugblik", "look-back", "look back")),
    (BlockKind.PAUSE, ("pauze", "break", "koffie", "coffee")),
    (BlockKind.YIELDS, ("opbrengst", "leerpunt", "yield", "learning point")),
    (BlockKind.WRAPUP, ("afronding", "afronden", "rondvraag", "wrap-up", "wrap up")),
    (BlockKind.COOLDOWN, ("afkoel", "afsluit", "cooling", "cool-down", "closing")),
]
# Kinds a plan may hold more than once; a second "vote", "check-in" or method line is a
# block of its own (the phases go where the first method line is).
REPEATABLE = {BlockKind.PAUSE, BlockKind.CUSTOM}

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s*")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?\s*[-–:]?\s*")
_MINUTES = re.compile(r"\s*[-–(,]?\s*(\d{1,3})\s*(?:min(?:uten|utes|\.)?|m)\s*\)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Planned:
    kind: str  # a BlockKind, or METHOD
    title: str  # the facilitator's words
    minutes: int | None  # when the line says so ("Nieuws uit het team (10 min)")


def _kind(line: str) -> str:
    lowered = line.lower()
    return next((kind for kind, words in KEYWORDS if any(w in lowered for w in words)), BlockKind.CUSTOM)


def read(agenda: str) -> list[Planned]:
    """The planned items, in order; bullets, clock times and blank lines left out."""
    items = []
    for raw in agenda.splitlines():
        line = _CLOCK.sub("", _BULLET.sub("", raw)).strip()
        minutes = None
        found = _MINUTES.search(line)
        if found and found.start() > 0:
            minutes = int(found.group(1)) or None
            line = line[:found.start()].strip()
        if line:
            items.append(Planned(_kind(line), line[:160], minutes if minutes and minutes <= 240 else None))
    seen: set[str] = set()
    result = []
    for item in items:
        kind = item.kind
        if kind in seen and kind not in REPEATABLE:
            kind = BlockKind.CUSTOM
        seen.add(kind)
        result.append(Planned(kind, item.title, item.minutes))
    return result


def own_title(kind: str, title: str) -> str:
    """The facilitator's words as the block's title; none when they are just the standard
    name, so the block keeps showing in each reader's own language."""
    if kind == BlockKind.CUSTOM:
        return title
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if str(BlockKind(kind).label).lower() == title.lower():
                return ""
    return title
