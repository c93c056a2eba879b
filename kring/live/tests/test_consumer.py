"""The websocket protocol: state on connect, only the chair controls, bad input is
rejected and logged without crashing, outsiders are refused."""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from kring.accounts.models import Person
from kring.asgi import application
from kring.audit.models import AuditEntry
from kring.live.consumers import LiveConsumer
from kring.live.models import SessionStatus
from kring.live.tests.conftest import build_circle

pytestmark = [pytest.mark.django_db(transaction=True)]


def _run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run an async scenario on its own loop in its own thread: Playwright's sync API may
    have left an event loop in this thread."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


def _communicator(user: Person, session_id: str) -> Any:  # channels is untyped: so is its communicator
    app = LiveConsumer.as_asgi()
    communicator = WebsocketCommunicator(app, f"/ws/live/{session_id}/")
    communicator.scope["user"] = user
    communicator.scope["url_route"] = {"kwargs": {"session_id": session_id}}
    return communicator


async def _receive_type(communicator: Any, kind: str) -> dict[str, Any]:
    while True:
        message = await communicator.receive_json_from(timeout=5)
        if message["type"] == kind:
            return message


def test_protocol() -> None:
    _run(_protocol)


async def _protocol() -> None:
    circle = await sync_to_async(build_circle)()
    sid = str(circle.session.pk)
    chair = _communicator(circle.facilitator, sid)
    member = _communicator(circle.members[0], sid)
    assert (await chair.connect())[0]
    assert (await member.connect())[0]
    state = await _receive_type(member, "state")
    assert state["status"] == SessionStatus.PREPARED and state["block"] is None

    # A member's control changes nothing, is answered and logged.
    await member.send_json_to({"action": "start"})
    error = await _receive_type(member, "error")
    assert error["messages"]
    assert (await sync_to_async(circle.fresh)()).status == SessionStatus.PREPARED

    # Malformed input: rejected, the socket stays usable.
    for raw in ["not json", "[1, 2]", '{"action": 5}', '{"action": "explode"}', "x" * 5000,
                '{"action": "extend", "minutes": "veel"}', '{"action": "goto", "block": {"a": 1}}']:
        await chair.send_to(text_data=raw)
        await _receive_type(chair, "error")
    refused = await sync_to_async(AuditEntry.objects.filter(name="kring.live.message_refused").count)()
    assert refused == 8

    # The chair starts: everyone gets the same state.
    await chair.send_json_to({"action": "start"})
    seen = await _receive_type(member, "state")
    assert seen["status"] == SessionStatus.RUNNING and seen["block"]["index"] == 1
    await chair.send_json_to({"action": "pause"})
    paused = await _receive_type(member, "state")
    assert paused["paused"] is True and paused["remaining"] <= seen["remaining"]

    # A late joiner gets the current state at once.
    late = _communicator(circle.members[1], sid)
    assert (await late.connect())[0]
    now = await _receive_type(late, "state")
    assert now["block"]["id"] == seen["block"]["id"] and now["paused"] is True
    for c in (chair, member, late):
        await c.disconnect()


def test_outsiders_and_anonymous_are_refused() -> None:
    _run(_outsiders_and_anonymous_are_refused)


async def _outsiders_and_anonymous_are_refused() -> None:
    circle = await sync_to_async(build_circle)()
    sid = str(circle.session.pk)
    for user in (circle.outsider, AnonymousUser()):
        connected, _code = await _communicator(user, sid).connect()
        assert not connected
    assert await sync_to_async(AuditEntry.objects.filter(name="kring.live.socket_refused").count)() == 2


def test_restart_resumes_the_same_state() -> None:
    _run(_restart_resumes_the_same_state)


async def _restart_resumes_the_same_state() -> None:
    """State lives in the database: a new consumer (as after a server restart) sends the
    same block and clock."""
    circle = await sync_to_async(build_circle)()
    sid = str(circle.session.pk)
    chair = _communicator(circle.facilitator, sid)
    await chair.connect()
    await _receive_type(chair, "state")
    await chair.send_json_to({"action": "start"})
    await chair.send_json_to({"action": "next"})
    await _receive_type(chair, "state")
    after = await _receive_type(chair, "state")
    await chair.disconnect()
    again = _communicator(circle.members[2], sid)
    await again.connect()
    resumed = await _receive_type(again, "state")
    assert resumed["block"] == after["block"] and resumed["ends_at"] == after["ends_at"]
    await again.disconnect()


def test_bad_block_ids_are_answered_and_the_socket_stays_open() -> None:
    _run(_bad_block_ids_are_answered)


async def _bad_block_ids_are_answered() -> None:
    circle = await sync_to_async(build_circle)()
    sid = str(circle.session.pk)
    chair = _communicator(circle.facilitator, sid)
    assert (await chair.connect())[0]
    await _receive_type(chair, "state")
    await chair.send_json_to({"action": "start"})
    await _receive_type(chair, "state")
    for block in ("zzz", "00000000-0000-0000-0000-000000000000", str(circle.session.pk)):
        await chair.send_json_to({"action": "goto", "block": block})
        error = await _receive_type(chair, "error")
        assert error["messages"]
    # Still open and answering (a crashed consumer would have closed with 1011).
    await chair.send_json_to({"action": "sync"})
    assert (await _receive_type(chair, "state"))["status"] == SessionStatus.RUNNING
    await chair.disconnect()


def test_malformed_and_unknown_socket_paths_refuse_the_handshake() -> None:
    _run(_malformed_paths_are_refused)


async def _malformed_paths_are_refused() -> None:
    circle = await sync_to_async(build_circle)()
    for path, code in (("/ws/live/not-a-uuid/", 4403), ("/ws/live/%00/", 4403), ("/ws/elders/", 4404)):
        # Through the whole websocket stack as served (router, origin check, auth), not the bare consumer.
        communicator = WebsocketCommunicator(
            application, path, headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")])
        communicator.scope["user"] = circle.facilitator
        connected, answer = await communicator.connect()
        assert (connected, answer) == (False, code), path
