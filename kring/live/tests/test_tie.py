"""Item 11.6: a tied (or still open) vote holds the meeting. The chair breaks the tie, or
explicitly goes on without a case, and is told what follows; over the socket as on the page."""
from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.live.actions import flow, vote
from kring.live.models import BlockKind
from kring.live.tests.conftest import Circle, build_circle
from kring.live.tests.test_consumer import _communicator, _receive_type, _run

EXPLANATION = "de fasen van de werkvorm voor een casus die niet gekozen is, worden dan overgeslagen"


def _to_the_vote(circle: Circle) -> None:
    flow.control(circle.facilitator, circle.fresh(), "start")
    vote_block = circle.fresh().blocks.get(kind=BlockKind.VOTE)
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(vote_block.pk))


def _tie(circle: Circle) -> None:
    """One vote for each case: closing the vote leaves both to the chair."""
    _to_the_vote(circle)
    vote.cast(circle.members[1], circle.fresh(), circle.cases[0])
    vote.cast(circle.members[0], circle.fresh(), circle.cases[1])
    assert vote.close(circle.facilitator, circle.fresh()) == []
    assert len(circle.fresh().tied_case_ids) == 2


def _feed(person: User, circle: Circle) -> str:
    client = Client()
    client.force_login(person)
    return client.get(reverse("live:feed", args=[circle.session.pk])).content.decode()


@pytest.mark.django_db
def test_an_open_vote_holds_the_meeting_too(circle: Circle) -> None:
    _to_the_vote(circle)
    with pytest.raises(Refused, match="De casuskeuze loopt nog"):
        flow.control(circle.facilitator, circle.fresh(), "next")
    # Jumping over the vote from before it is held as well; going back is not.
    checkin = circle.fresh().blocks.get(kind=BlockKind.CHECKIN)
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(checkin.pk))
    yields = circle.fresh().blocks.get(kind=BlockKind.YIELDS)
    with pytest.raises(Refused):
        flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(yields.pk))
    with pytest.raises(Refused):
        flow.control(circle.facilitator, circle.fresh(), "without_case")  # only from the vote itself
    assert circle.fresh().current_block == checkin


@pytest.mark.django_db
def test_the_page_offers_the_chair_the_tie_break_and_going_on_without_a_case(circle: Circle) -> None:
    _tie(circle)
    chair = _feed(circle.facilitator, circle)
    assert chair.count('name="op" value="choose"') == 2
    assert "Doorgaan zonder casus" in chair and EXPLANATION in chair
    assert "hak de knoop door" in chair
    member = _feed(circle.members[2], circle)
    assert "De stemmen staken: de voorzitter kiest." in member
    assert "Doorgaan zonder casus" not in member and 'value="choose"' not in member

    # Going on without a case, by a plain form post: the phases are skipped, the meeting goes on.
    client = Client()
    client.force_login(circle.facilitator)
    client.post(reverse("live:control", args=[circle.session.pk]), {"action": "without_case"})
    session = circle.fresh()
    assert session.current_block is not None and session.current_block.kind == BlockKind.PAUSE
    assert session.chosen.count() == 0 and not session.tied_case_ids
    assert not session.blocks.filter(kind=BlockKind.PHASE, skipped=False).exists()
    assert AuditEntry.objects.filter(name="kring.live.went_on_without_case", actor=circle.facilitator).count() == 1


@pytest.mark.django_db(transaction=True)
def test_over_the_socket_a_tie_holds_until_the_chair_breaks_it() -> None:
    _run(_socket_tie_break)


async def _socket_tie_break() -> None:
    circle = await sync_to_async(build_circle)()
    await sync_to_async(_tie)(circle)
    chair = _communicator(circle.facilitator, str(circle.session.pk))
    assert (await chair.connect())[0]
    before = await _receive_type(chair, "state")
    assert before["block"]["kind"] == BlockKind.VOTE

    for action in ("next", "skip"):
        await chair.send_json_to({"action": action})
        error = await _receive_type(chair, "error")
        assert "De stemmen staken en er is nog geen casus gekozen" in error["messages"][0]
        assert "Doorgaan zonder casus" in error["messages"][0]
    session = await sync_to_async(circle.fresh)()
    assert session.current_block is not None and session.current_block.kind == BlockKind.VOTE

    # The chair breaks the tie: now the meeting goes on into the case's phases.
    await sync_to_async(vote.choose)(circle.facilitator, session, circle.cases[1])
    await chair.send_json_to({"action": "next"})
    after = await _state_with_kind(chair, BlockKind.PHASE)
    assert after["block"]["title"] == "Voorbereiden"
    await chair.disconnect()


@pytest.mark.django_db(transaction=True)
def test_over_the_socket_the_chair_can_go_on_without_a_case() -> None:
    _run(_socket_without_case)


async def _socket_without_case() -> None:
    circle = await sync_to_async(build_circle)()
    await sync_to_async(_tie)(circle)
    sid = str(circle.session.pk)
    chair, member = _communicator(circle.facilitator, sid), _communicator(circle.members[0], sid)
    assert (await chair.connect())[0] and (await member.connect())[0]
    await member.send_json_to({"action": "without_case"})  # not the chair's: refused
    await _receive_type(member, "error")
    await chair.send_json_to({"action": "without_case"})
    moved = await _state_with_kind(member, BlockKind.PAUSE)
    assert moved["block"]["title"] == "Pauze"
    session = await sync_to_async(circle.fresh)()
    assert await sync_to_async(session.chosen.count)() == 0
    for c in (chair, member):
        await c.disconnect()


async def _state_with_kind(communicator: Any, kind: str) -> dict[str, Any]:
    while True:
        message = await _receive_type(communicator, "state")
        if message["block"] and message["block"]["kind"] == kind:
            return message
