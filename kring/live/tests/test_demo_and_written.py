"""The demo loader, the catalogue loader, and the written (asynchronous) mode."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.live import demo as live_demo
from kring.live.actions import flow, setup, vote
from kring.live.models import BlockKind, Entry, GroupAgreements, LiveSession, Mode
from kring.live.tasks import close_written_phase
from kring.live.tests.conftest import Circle
from kring.mail.models import OutboxMessage
from kring.methods.catalogue import CatalogueError, load_catalogue, load_method
from kring.methods.models import Collects, Method
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


def _written(circle: Circle) -> LiveSession:
    session = circle.fresh()
    assert session.method is not None
    setup.configure(circle.facilitator, session, method=session.method, mode=Mode.WRITTEN, case_count=1,
                    votes_per_member=1, hide_results=True)
    return circle.fresh()


@pytest.mark.django_db(transaction=True)  # the task worker needs committed rows
def test_written_mode_mails_when_a_phase_opens_and_moves_on_at_the_deadline(circle: Circle) -> None:
    session = _written(circle)
    vote_block, first, second = session.blocks.order_by("order")[:3]
    assert vote_block.kind == BlockKind.VOTE  # a case is chosen before the phases
    assert vote_block.deadline and first.deadline and second.deadline
    assert vote_block.deadline < first.deadline < second.deadline
    with time_machine.travel(circle.meeting.starts_at, tick=False) as clock:
        flow.control(circle.facilitator, circle.fresh(), "start")
        opened = OutboxMessage.objects.filter(kind="kring.live.phase_opened")
        assert opened.count() == 4  # facilitator and three members
        vote.cast(circle.members[1], circle.fresh(), circle.cases[0])
        run_tasks()  # the deadline task is not due yet
        assert circle.fresh().current_block == vote_block
        clock.move_to(vote_block.deadline + timedelta(minutes=1))
        run_tasks()  # the vote closes at its deadline and the first phase opens
        session = circle.fresh()
        assert session.vote_closed and session.chosen.get().case == circle.cases[0]
        assert session.current_block == first
        clock.move_to(first.deadline + timedelta(minutes=1))
        run_tasks()
        assert circle.fresh().current_block == second
        assert opened.count() == 12
        # the chair already moved on: a late task for the old phase changes nothing
        assert close_written_phase.call(str(session.pk), str(first.pk)) == "moved on"
    assert timezone.now()


@pytest.mark.django_db(transaction=True)
def test_written_mode_takes_advice_in_the_advice_phase_of_the_chosen_case(circle: Circle) -> None:
    session = _written(circle)
    advice_phase = session.blocks.filter(kind=BlockKind.PHASE, collects=Collects.ADVICE).order_by("order").first()
    assert advice_phase is not None
    flow.control(circle.facilitator, circle.fresh(), "start")
    voter, adviser = Client(), Client()
    voter.force_login(circle.members[1])
    adviser.force_login(circle.members[2])
    feed = voter.get(reverse("live:feed", args=[session.pk])).content.decode()
    assert 'value="cast"' in feed  # the ballot is open in the first block
    block = voter.get(reverse("live:block", args=[session.pk])).content.decode()
    assert "dan sluit de stemming vanzelf" in block
    ballot = reverse("live:ballot", args=[session.pk])
    assert voter.post(ballot, {"op": "cast", "case": circle.cases[0].pk}, HTTP_HX_REQUEST="true").status_code == 204
    chair = Client()
    chair.force_login(circle.facilitator)
    assert chair.post(ballot, {"op": "close"}, HTTP_HX_REQUEST="true").status_code == 204
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(advice_phase.pk))
    response = adviser.post(reverse("live:write", args=[session.pk]),
                            {"kind": "advice", "block": advice_phase.pk, "text": "Spreek belmomenten af"},
                            HTTP_HX_REQUEST="true")
    assert response.status_code == 204, response.content.decode()
    entry = Entry.objects.get(kind="advice")
    assert entry.chosen is not None and entry.chosen.case == circle.cases[0]


@pytest.mark.django_db(transaction=True)
def test_a_tie_at_the_written_vote_deadline_waits_for_the_chair(circle: Circle, smtp_server: Any) -> None:
    session = _written(circle)
    vote_block = session.blocks.order_by("order")[0]
    assert vote_block.deadline is not None
    with time_machine.travel(circle.meeting.starts_at, tick=False) as clock:
        flow.control(circle.facilitator, circle.fresh(), "start")
        vote.cast(circle.members[1], circle.fresh(), circle.cases[0])
        vote.cast(circle.members[0], circle.fresh(), circle.cases[1])
        clock.move_to(vote_block.deadline + timedelta(minutes=1))
        assert close_written_phase.call(str(session.pk), str(vote_block.pk)) == "held"
        session = circle.fresh()
        assert session.current_block == vote_block and session.vote_closed and len(session.tied_case_ids) == 2
        run_tasks()  # delivers the mail to whoever leads: here the chair
        held = [m for m in smtp_server.received if "casuskeuze wacht" in m.subject]
        assert len(held) == 1 and held[0] in smtp_server.to(circle.facilitator.email)
        assert "De stemmen staken" in held[0].text()
        vote.choose(circle.facilitator, circle.fresh(), circle.cases[1])
        flow.control(circle.facilitator, circle.fresh(), "next")
        current = circle.fresh().current_block
        assert current is not None and current.kind == BlockKind.PHASE
