"""Human names for time-slot codes. An offer stores codes (the solver and the CSV import
work with "mon-am"); people read "maandagochtend". Well-known codes, English or Dutch
("mon-am", "ma-ochtend", "thu-eve", "do-avond"), get a translated name; the coordinator
can name any code on the offer, and that name wins."""
from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

DAYS = {
    "mon": "mon", "ma": "mon", "tue": "tue", "di": "tue", "wed": "wed", "wo": "wed", "thu": "thu", "do": "thu",
    "fri": "fri", "vr": "fri", "sat": "sat", "za": "sat", "sun": "sun", "zo": "sun",
}
PARTS = {
    "am": "am", "morning": "am", "ochtend": "am",
    "pm": "pm", "afternoon": "pm", "middag": "pm",
    "eve": "eve", "evening": "eve", "avond": "eve",
}
# One whole phrase per combination: Dutch writes "maandagochtend" as one word.
NAMES = {
    ("mon", "am"): _("Monday morning"), ("mon", "pm"): _("Monday afternoon"), ("mon", "eve"): _("Monday evening"),
    ("tue", "am"): _("Tuesday morning"), ("tue", "pm"): _("Tuesday afternoon"), ("tue", "eve"): _("Tuesday evening"),
    ("wed", "am"): _("Wednesday morning"), ("wed", "pm"): _("Wednesday afternoon"), ("wed", "eve"): _("Wednesday evening"),
    ("thu", "am"): _("Thursday morning"), ("thu", "pm"): _("Thursday afternoon"), ("thu", "eve"): _("Thursday evening"),
    ("fri", "am"): _("Friday morning"), ("fri", "pm"): _("Friday afternoon"), ("fri", "eve"): _("Friday evening"),
    ("sat", "am"): _("Saturday morning"), ("sat", "pm"): _("Saturday afternoon"), ("sat", "eve"): _("Saturday evening"),
    ("sun", "am"): _("Sunday morning"), ("sun", "pm"): _("Sunday afternoon"), ("sun", "eve"): _("Sunday evening"),
}
MAX_LABEL = 60


def default_label(code: str) -> str | None:
    match = re.fullmatch(r"([a-z]+)-([a-z]+)", code)
    if not match:
        return None
    day, part = DAYS.get(match.group(1)), PARTS.get(match.group(2))
    name = NAMES.get((day, part)) if day is not None and part is not None else None
    return str(name) if name is not None else None


def slot_label(code: str, labels: dict[str, str] | None = None) -> str:
    """The name people see for a slot code: the offer's own name, else the well-known
    name in the reader's language, else the code itself."""
    own = (labels or {}).get(code)
    if own:
        return own
    return default_label(code) or code
