"""What clients are told, and telling them. The payload is the whole clock state, so a
client that (re)connects or misses a message is right again with the next one. Sending
happens after commit, from the process that made the change (the ASGI server): an
in-memory channel layer cannot carry messages between processes."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any
from uuid import UUID

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from kring.live.models import Block, LiveSession


def group_name(session_id: UUID | str) -> str:
    return f"live.{session_id}"


def _ms(value: datetime | None) -> int | None:
    return int(value.timestamp() * 1000) if value is not None else None


def _titles(block: Block) -> dict[str, str]:
    """The block's title in every language: one message serves every listener, and each
    socket shows its person's language (see ``localised``)."""
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = block.display_title()
    return titles


def localised(message: dict[str, Any], language: str) -> dict[str, Any]:
    """A state message with the block title in this listener's language."""
    block = message.get("block")
    if not block or language not in block.get("titles", {}):
        return message
    return {**message, "block": {**block, "title": block["titles"][language]}}


def state(session: LiveSession) -> dict[str, Any]:
    now = timezone.now()
    block = session.current_block
    blocks = list(session.blocks.filter(skipped=False).order_by("order").values_list("pk", flat=True))
    ends_at = session.block_ends_at()
    if session.mode == "written" and block is not None:
        ends_at = block.deadline
    return {
        "type": "state",
        "version": session.version,
        "status": session.status,
        "mode": session.mode,
        "block": None if block is None else {
            "id": str(block.pk), "title": block.display_title(), "titles": _titles(block), "kind": block.kind,
            "index": blocks.index(block.pk) + 1 if block.pk in blocks else 0, "count": len(blocks),
        },
        "server_now": _ms(now),
        "ends_at": _ms(ends_at),
        "paused": session.paused_at is not None,
        "remaining": int((ends_at - (session.paused_at or now)).total_seconds()) if ends_at else None,
    }


def _send(session_id: UUID | str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    args = (group_name(session_id), {"type": "live.message", "payload": message})
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: a sync view, consumer or task thread
        send(*args)
        return
    # Called from a thread that runs an event loop: send from a helper thread instead.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(send, *args).result()


def send_state(session_id: UUID | str) -> None:
    session = LiveSession.objects.select_related("current_block").get(pk=session_id)
    _send(session_id, state(session))


def state_changed(session: LiveSession) -> None:
    """Call inside the action's transaction; clients hear of it once it is committed."""
    session_id = session.pk
    transaction.on_commit(lambda: send_state(session_id))


def content_changed(session: LiveSession) -> None:
    """Something written or voted: clients refetch what they show of it."""
    session_id, version = session.pk, session.version
    transaction.on_commit(lambda: _send(session_id, {"type": "content", "version": version}))


def presence_changed(session: LiveSession, names: list[str]) -> None:
    session_id = session.pk
    transaction.on_commit(lambda: _send(session_id, {"type": "presence", "online": names}))
