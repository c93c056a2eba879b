"""Item 11.9: preparing the live meeting keeps the agenda the facilitator planned for the
meeting, and merges the method's phases (and a vote, if the plan has none) into it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kring.live import plan
from kring.live.actions import setup
from kring.live.models import BlockKind, LiveSession
from kring.live.tests.conftest import Circle
from kring.meetings.models import Meeting

pytestmark = pytest.mark.django_db

PLANNED = """Inloop en incheckronde
- Nieuws uit het team (20 min)
Veiligheidsafspraken
Keuze casus
Bespreking volgens de werkvorm
Pauze
Leerpunten en opbrengst
19:45 Afkoelen"""


def _prepared(circle: Circle, agenda: str, break_minutes: int = 15, case_count: int = 1) -> LiveSession:
    start = circle.meeting.starts_at + timedelta(days=28)
    meeting = Meeting.objects.create(group=circle.group, starts_at=start, ends_at=start + timedelta(hours=2),
                                     agenda=agenda, break_minutes=break_minutes)
    session = setup.prepare(circle.facilitator, meeting)
    if case_count == 2:
        assert session.method is not None
        setup.configure(circle.facilitator, session, method=session.method, mode=session.mode, case_count=2,
                        votes_per_member=1, hide_results=True)
    return session


def _agenda(session: LiveSession) -> list[tuple[str, str, int]]:
    return [(b.kind, b.title, b.minutes) for b in session.blocks.order_by("order")]


def test_the_planned_agenda_is_kept_and_the_method_goes_where_it_says(circle: Circle) -> None:
    session = _prepared(circle, PLANNED, break_minutes=20)
    assert session.method is not None
    phases = [(BlockKind.PHASE, p.title, p.minutes) for p in session.method.phases.all()]
    assert _agenda(session) == [
        (BlockKind.CHECKIN, "Inloop en incheckronde", 10),
        (BlockKind.CUSTOM, "Nieuws uit het team", 20),
        (BlockKind.AGREEMENTS, "", 5),  # the standard name: shown in each reader's language
        (BlockKind.VOTE, "Keuze casus", 10),
        *phases,
        (BlockKind.PAUSE, "", 20),  # the meeting's planned break
        (BlockKind.YIELDS, "Leerpunten en opbrengst", 10),
        (BlockKind.COOLDOWN, "Afkoelen", 5),
    ]
    # The facilitator sees their own plan on the set-up page.
    client = Client()
    client.force_login(circle.facilitator)
    page = client.get(reverse("live:setup", args=[session.pk])).content.decode()
    assert "Nieuws uit het team" in page and "Leerpunten en opbrengst" in page
    assert "volgt de agenda die voor de bijeenkomst gepland is" in page


def test_a_plan_without_vote_or_method_gets_both_before_the_break(circle: Circle) -> None:
    session = _prepared(circle, "Welkom\nRondje actualiteit\nKoffie\nRondvraag", case_count=2)
    kinds = [kind for kind, _title, _minutes in _agenda(session)]
    phases = session.blocks.filter(kind=BlockKind.PHASE).count()
    assert kinds[:3] == [BlockKind.CHECKIN, BlockKind.CUSTOM, BlockKind.VOTE]
    half = phases // 2
    assert kinds[3:3 + half] == [BlockKind.PHASE] * half
    assert kinds[3 + half:] == [BlockKind.PAUSE, *[BlockKind.PHASE] * half, BlockKind.WRAPUP]
    slots = [b.case_slot for b in session.blocks.order_by("order") if b.kind == BlockKind.PHASE]
    assert slots == [1] * half + [2] * half


def test_the_phases_never_come_before_the_vote(circle: Circle) -> None:
    session = _prepared(circle, "Casusbespreking\nStemming over de casussen")
    kinds = [kind for kind, _title, _minutes in _agenda(session)]
    assert kinds[0] == BlockKind.VOTE and kinds[1:] == [BlockKind.PHASE] * (len(kinds) - 1)


def test_without_a_plan_the_standard_agenda(circle: Circle) -> None:
    kinds = [kind for kind, _title, _minutes in _agenda(_prepared(circle, ""))]
    assert kinds[:4] == [BlockKind.CHECKIN, BlockKind.AGREEMENTS, BlockKind.LOOKBACK, BlockKind.VOTE]
    assert kinds[-4:] == [BlockKind.PAUSE, BlockKind.YIELDS, BlockKind.WRAPUP, BlockKind.COOLDOWN]


def test_reading_a_plan() -> None:
    items = plan.read("1. Opening\n\n* 19:00–19:15 Inloop – 15 minuten\n• Pauze (10 min)\nOpening\nCase vote\n")
    assert items == [
        plan.Planned(BlockKind.CUSTOM, "Opening", None),
        plan.Planned(BlockKind.CHECKIN, "Inloop", 15),
        plan.Planned(BlockKind.PAUSE, "Pauze", 10),
        plan.Planned(BlockKind.CUSTOM, "Opening", None),
        plan.Planned(BlockKind.VOTE, "Case vote", None),
    ]
    assert plan.own_title(BlockKind.PAUSE, "pauze") == "" and plan.own_title(BlockKind.PAUSE, "Break") == ""
    assert plan.own_title(BlockKind.YIELDS, "Leerpunten") == "Leerpunten"
