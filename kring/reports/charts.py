"""Evaluations read back (aggregates only, never one person's answer) and drawn as plain
SVG line charts computed here and drawn by a template: no JavaScript, no inline styles."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Avg, Count
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.meetings.models import Meeting
from kring.reports.models import EvaluationAnswer, EvaluationMarker
from kring.reports.queries import owner_tag

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_ANSWERS = 3  # below this, an average could give away one person's answer
# (field, label) of each evaluation question.
Metrics = list[tuple[str, "StrOrPromise"]]
METRICS: Metrics = [
    ("usefulness", _("Usefulness")), ("safety", _("Safety")), ("collaboration", _("Collaboration")),
    ("problem_solving", _("Problem solving")), ("confidence", _("Confidence")), ("self_awareness", _("Self-awareness")),
]
OUTCOMES = METRICS[2:]
# Colour-blind-safe palette (Okabe–Ito); each series also has its own dash pattern.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]


@dataclass
class MeetingScores:
    meeting: Meeting
    answers: int
    values: dict[str, Decimal | None]
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS


def _round(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def group_scores(group: IntervisionGroup) -> list[MeetingScores]:
    """Per meeting: how many answered, and averages and comments only from three answers up."""
    rows = []
    meetings = group.meetings.order_by("starts_at")
    counts = dict(EvaluationAnswer.objects.filter(meeting__group=group).values_list("meeting").annotate(n=Count("id")))
    for meeting in meetings:
        n = counts.get(meeting.pk, 0)
        if n == 0:
            continue
        values: dict[str, Decimal | None] = {key: None for key, _label in METRICS}
        comments: list[str] = []
        if n >= MIN_ANSWERS:
            answers = EvaluationAnswer.objects.filter(meeting=meeting)
            agg = answers.aggregate(**{key: Avg(key) for key, _label in METRICS})
            values = {key: _round(agg[key]) for key, _label in METRICS}
            # Sorted, so the order says nothing about who answered when. (Comments are
            # encrypted: empty ones are left out here, not by the database.)
            comments = sorted(c for c in answers.values_list("comment", flat=True) if c)
        rows.append(MeetingScores(meeting, n, values, comments))
    return rows


def own_scores(person: User) -> list[MeetingScores]:
    """A person's own answers, found through the keyed tag only they can make Kring compute."""
    meeting_ids = EvaluationMarker.objects.filter(person=person).values_list("meeting", flat=True)
    meetings = Meeting.objects.filter(pk__in=meeting_ids).select_related("group").order_by("starts_at")
    tags = {owner_tag(person, m): m for m in meetings}
    answers = {a.owner_tag: a for a in EvaluationAnswer.objects.filter(owner_tag__in=list(tags))}
    rows = []
    for tag, meeting in tags.items():
        answer = answers.get(tag)
        if answer is not None:
            rows.append(MeetingScores(meeting, 1, {key: Decimal(getattr(answer, key)) for key, _l in METRICS}))
    return rows


@dataclass
class Series:
    label: str
    colour: str
    dash: str
    points: str  # "x,y x,y" for <polyline points=…>
    dots: list[tuple[int, int, str]]


@dataclass
class Chart:
    title: str
    width: int
    height: int
    left: int
    bottom: int
    top: int
    right: int
    y_ticks: list[tuple[int, int]]
    x_labels: list[tuple[int, str]]
    series: list[Series]
    rows: list[MeetingScores]
    metrics: Metrics

    @property
    def plot_right(self) -> int:
        return self.width - self.right


def line_chart(title: str, rows: list[MeetingScores], metrics: Metrics) -> Chart:
    rows = [r for r in rows if r.shown or r.answers == 1]
    # The date under the last point is centred on it: the right margin holds half a date
    # ("24-11-2026" is about 60 user units at size 11), or its end is cut off.
    width, height, left, right, top, bottom = 640, 280, 44, 40, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(rows) - 1) if len(rows) > 1 else 0

    def x(i: int) -> int:
        return int(left + (i * step if len(rows) > 1 else plot_w / 2))

    def y(value: Decimal) -> int:
        return int(top + plot_h - (float(value) - 1) / 4 * plot_h)

    series = []
    for n, (key, label) in enumerate(metrics):
        pts = [(x(i), y(value), str(value)) for i, r in enumerate(rows) if (value := r.values.get(key)) is not None]
        series.append(Series(str(label), COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)],
                             " ".join(f"{px},{py}" for px, py, _v in pts), pts))
    labels = [(x(i), formats.date_format(timezone.localtime(r.meeting.starts_at), "SHORT_DATE_FORMAT")) for i, r in enumerate(rows)]
    return Chart(title, width, height, left, bottom, top, right, [(v, y(Decimal(v))) for v in range(1, 6)],
                 labels, series, rows, metrics)
