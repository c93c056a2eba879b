"""The agenda, the clock and the chair's controls, as actions."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.live.actions import flow, setup
from kring.live.models import Block, BlockKind, LiveSession, Mode, SessionStatus
from kring.live.rotation import next_chair
from kring.live.tests.conftest import Circle
from kring.meetings.models import Meeting
from kring.methods.models import Method


def kinds(session: LiveSession) -> list[str]:
    return list(session.blocks.order_by("order").values_list("kind", flat=True))


def _current(session: LiveSession) -> Block:
    assert session.current_block is not None
    return session.current_block


def test_prepare_builds_the_standard_agenda_around_the_method(circle: Circle) -> None:
    session = circle.fresh()
    assert session.chair == circle.facilitator
    assert kinds(session)[:4] == ["checkin", "agreements", "lookback", "vote"]
    assert kinds(session)[-3:] == ["yields", "wrapup", "cooldown"]
    phases = session.blocks.filter(kind=BlockKind.PHASE).order_by("order")
    assert session.method is not None
    assert [b.title for b in phases] == [p.title for p in session.method.phases.all()]
    # preparing twice changes nothing
    assert setup.prepare(circle.facilitator, circle.meeting).pk == session.pk


def test_two_cases_and_another_method_keep_added_blocks(circle: Circle) -> None:
    session = circle.fresh()
    extra = setup.add_block(circle.facilitator, session, title="Energizer", minutes=5)
    gossip = Method.objects.get(key="roddelmethode")
    setup.configure(circle.facilitator, session, method=gossip, mode=Mode.LIVE, case_count=2,
                    votes_per_member=2, hide_results=True)
    session = circle.fresh()
    phases = list(session.blocks.filter(kind=BlockKind.PHASE).order_by("order"))
    assert len(phases) == 2 * gossip.phases.count()
    assert {b.case_slot for b in phases} == {1, 2}
    assert any(b.bringer_outside for b in phases)
    assert session.blocks.filter(pk=extra.pk).exists()
    order = kinds(session)
    first_pause = order.index("pause")
    assert order[first_pause - 1] == "phase" and order[first_pause + 1] == "phase"


def test_only_the_chair_controls_and_refusals_change_nothing(circle: Circle) -> None:
    member = circle.members[0]
    with pytest.raises(Refused):
        flow.control(member, circle.fresh(), "start")
    with pytest.raises(Refused):
        flow.control(circle.outsider, circle.fresh(), "start")
    assert circle.fresh().status == SessionStatus.PREPARED
    assert circle.fresh().version == 0


def test_clock_is_data_pause_resume_extend_back_skip(circle: Circle) -> None:
    chair = circle.facilitator
    t0 = timezone.now()
    with time_machine.travel(t0, tick=False) as clock:
        session = flow.control(chair, circle.fresh(), "start")
        first = _current(session)
        assert session.remaining_seconds() == first.minutes * 60
        clock.shift(timedelta(minutes=2))
        flow.control(chair, circle.fresh(), "pause")
        clock.shift(timedelta(minutes=5))
        session = circle.fresh()
        assert session.remaining_seconds() == first.minutes * 60 - 120  # frozen while paused
        flow.control(chair, session, "resume")
        session = flow.control(chair, circle.fresh(), "extend", minutes=3)
        assert session.remaining_seconds() == first.minutes * 60 - 120 + 180
        assert session.pause_seconds == 300
        with pytest.raises(Refused):
            flow.control(chair, circle.fresh(), "extend", minutes="lots")
        session = flow.control(chair, circle.fresh(), "next")
        second = _current(session)
        assert second.order > first.order and session.block_extra_seconds == 0
        session = flow.control(chair, circle.fresh(), "back")
        assert session.current_block == first
        session = flow.control(chair, circle.fresh(), "skip")
        assert session.current_block == second
        assert circle.fresh().blocks.get(pk=first.pk).skipped
        session = flow.control(chair, circle.fresh(), "finish")
        assert session.status == SessionStatus.FINISHED and session.ended_at is not None
    assert AuditEntry.objects.filter(name="kring.live.paused").count() == 1


def test_a_break_block_counts_as_pause_time(circle: Circle) -> None:
    chair = circle.facilitator
    session = circle.fresh()
    pause = session.blocks.get(kind=BlockKind.PAUSE)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        circle.start_and_choose_first_case()
        flow.control(chair, circle.fresh(), "goto", block_id=str(pause.pk))
        clock.shift(timedelta(minutes=12))
        session = flow.control(chair, circle.fresh(), "next")
    assert session.pause_seconds == 12 * 60


def test_rotation_gives_the_next_member_the_chair(circle: Circle) -> None:
    circle.group.chair_rotates = True
    circle.group.save()
    first = circle.fresh()
    first.chair = circle.members[0]
    first.save()
    assert next_chair(circle.group) == circle.members[1]
    later = Meeting.objects.create(group=circle.group, starts_at=circle.meeting.starts_at + timedelta(days=14),
                                   ends_at=circle.meeting.ends_at + timedelta(days=14))
    session = setup.prepare(circle.members[2], later)  # a member may prepare in a self-directed group
    assert session.chair == circle.members[1]
    assert next_chair(circle.group) == circle.members[2]
