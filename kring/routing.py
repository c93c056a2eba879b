"""Websocket routes (kring/asgi.py wraps them in AllowedHostsOriginValidator and
AuthMiddlewareStack)."""
from __future__ import annotations

from typing import Any

from django.urls import path, re_path

from kring.core.sockets import RefuseConsumer
from kring.live.consumers import LiveConsumer

websocket_urlpatterns: list[Any] = [
    # Any id is routed: the consumer refuses a malformed or foreign one like a missing one.
    path("ws/live/<str:session_id>/", LiveConsumer.as_asgi()),
    re_path(r"", RefuseConsumer.as_asgi()),  # every other path: a refused handshake, not a 500
]
