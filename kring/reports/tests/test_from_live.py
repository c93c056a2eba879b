"""The whole path after a live meeting: what the circle wrote live becomes the report,
whose case part the bringer approves before it goes to the group."""
from __future__ import annotations

import pytest
import time_machine

from kring.core.errors import Refused
from kring.live.actions import flow, vote, writing
from kring.live.models import Block
from kring.live.tests.conftest import Circle, build_circle
from kring.mail.models import OutboxMessage
from kring.reports import actions, queries
from kring.reports.record import load_record

pytestmark = pytest.mark.django_db


def test_a_live_meeting_becomes_a_report_the_bringer_approves() -> None:
    circle = build_circle()
    # The meeting runs live at its own time.
    with time_machine.travel(circle.meeting.starts_at, tick=True):
        _run_and_report(circle)


def _run_and_report(circle: Circle) -> None:
    a, b, _c = circle.members
    flow.control(circle.facilitator, circle.fresh(), "start")
    vote.cast(b, circle.fresh(), circle.cases[0])
    vote.close(circle.facilitator, circle.fresh())
    chosen = circle.fresh().chosen.get()
    writing.add_learning_point(a, circle.fresh(), chosen, "Eerder mijn grens benoemen")
    writing.set_intended_action(a, circle.fresh(), chosen, "Belafspraak maken met de cliënt")
    writing.set_yield(b, circle.fresh(), "Herkenning")
    flow.control(circle.facilitator, circle.fresh(), "finish")

    report = actions.draft_report(circle.facilitator, circle.meeting, load_record(circle.meeting))
    [part] = report.parts.all()
    assert part.bringer == a and "Eerder mijn grens benoemen" in part.learning_points
    assert "Belafspraak maken met de cliënt" in part.intended_action
    assert "Herkenning" in report.yields
    with pytest.raises(Refused):
        actions.send_report(circle.facilitator, report)
    actions.approve_part(a, part)
    actions.send_report(circle.facilitator, report)
    recipients = set(OutboxMessage.objects.filter(kind="kring.reports.report").values_list("recipient", flat=True))
    assert recipients == {p.pk for p in [circle.facilitator, *circle.members]}


def _current(circle: Circle) -> Block:
    block = circle.fresh().current_block
    assert block is not None
    return block


def test_the_draft_takes_over_what_the_live_note_taker_wrote() -> None:
    circle = build_circle()
    a, _b, note_taker = circle.members
    with time_machine.travel(circle.meeting.starts_at, tick=True):
        circle.start_and_choose_first_case(note_taker=note_taker)
        flow.control(circle.facilitator, circle.fresh(), "next")
        writing.add_note(note_taker, circle.fresh(), _current(circle), "Bram twijfelt of hij mag bellen")
        # Drafted while the meeting runs, the draft would miss every later note: refused.
        with pytest.raises(Refused, match="nog bezig"):
            actions.draft_report(circle.facilitator, circle.meeting, load_record(circle.meeting))
        flow.control(circle.facilitator, circle.fresh(), "next")
        writing.add_note(note_taker, circle.fresh(), _current(circle), "Afspraak: eerst de teamleider")
        flow.control(circle.facilitator, circle.fresh(), "finish")

        report = actions.draft_report(circle.facilitator, circle.meeting, load_record(circle.meeting))
    assert "- Bram twijfelt of hij mag bellen" in report.phases
    assert "- Afspraak: eerst de teamleider" in report.phases
    # The live note-taker is the report's note-taker: she completes the draft.
    assert report.note_taker == note_taker and queries.can_edit_report(note_taker, report)
    assert not queries.can_edit_report(a, report)
