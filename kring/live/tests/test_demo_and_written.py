"""The demo loader, the catalogue loader, and the written (asynchronous) mode."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from kring.live import demo as live_demo
from kring.live.actions import flow, setup
from kring.live.models import GroupAgreements, LiveSession, Mode
from kring.live.tasks import close_written_phase
from kring.live.tests.conftest import Circle
from kring.mail.models import OutboxMessage
from kring.methods.catalogue import CatalogueError, load_catalogue, load_method
from kring.methods.models import Method
from kring.site.demo import load_core
from kring.site.testing import run_tasks


def test_catalogue_ships_every_method_and_reloads_idempotently(db: None) -> None:
    load_catalogue()
    keys = set(Method.objects.filter(group=None).values_list("key", flat=True))
    assert {"lvsc-zes-fasen", "basismodel-hendriksen", "incidentmethode", "balintmethode", "bellersen-kohlmann",
            "roddelmethode", "tienstappenmethode", "vijfstappenmethode", "ret-abc", "socratisch-gesprek",
            "kollegiale-beratung", "imi"} <= keys
    counts = {m.key: m.phases.count() for m in Method.objects.filter(group=None)}
    assert counts["incidentmethode"] == 10 and counts["balintmethode"] == 11 and counts["imi"] == 8
    assert counts["ret-abc"] == 8 and counts["roddelmethode"] == 5 and counts["lvsc-zes-fasen"] == 6
    assert Method.objects.get(key="imi").total_minutes() == 60
    assert Method.objects.get(key="roddelmethode").phases.filter(bringer_outside=True).count() == 1
    assert set(load_catalogue().values()) == {"unchanged"}


def test_a_newer_version_replaces_an_older_one(db: None) -> None:
    raw = json.loads((Path(load_catalogue.__code__.co_filename).parent / "data" / "imi.json").read_text())
    load_method(raw)
    raw["version"] += 1
    raw["phases"] = raw["phases"][:2]
    assert load_method(raw) == "updated"
    assert Method.objects.get(key="imi").phases.count() == 2
    raw["phases"] = []
    with pytest.raises(CatalogueError):
        load_method({**raw, "version": raw["version"] + 1})


def test_demo_is_idempotent(db: None) -> None:
    demo = load_core()
    live_demo.load(demo)
    counts = (Method.objects.count(), GroupAgreements.objects.count(), LiveSession.objects.count())
    live_demo.load(demo)
    assert (Method.objects.count(), GroupAgreements.objects.count(), LiveSession.objects.count()) == counts


@pytest.mark.django_db(transaction=True)  # the task worker needs committed rows
def test_written_mode_mails_when_a_phase_opens_and_moves_on_at_the_deadline(circle: Circle) -> None:
    session = circle.fresh()
    assert session.method is not None
    setup.configure(circle.facilitator, session, method=session.method, mode=Mode.WRITTEN, case_count=1,
                    votes_per_member=1, hide_results=True)
    session = circle.fresh()
    first, second = session.blocks.order_by("order")[:2]
    assert first.deadline and second.deadline and second.deadline > first.deadline
    with time_machine.travel(circle.meeting.starts_at, tick=False) as clock:
        flow.control(circle.facilitator, circle.fresh(), "start")
        opened = OutboxMessage.objects.filter(kind="kring.live.phase_opened")
        assert opened.count() == 4  # facilitator and three members
        run_tasks()  # the deadline task is not due yet
        assert circle.fresh().current_block == first
        clock.move_to(first.deadline + timedelta(minutes=1))
        run_tasks()
        assert circle.fresh().current_block == second
        assert opened.count() == 8
        # the chair already moved on: a late task for the old phase changes nothing
        assert close_written_phase.call(str(session.pk), str(first.pk)) == "moved on"
    assert timezone.now()
