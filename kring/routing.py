"""Websocket routes (kring/asgi.py wraps them in AllowedHostsOriginValidator and
AuthMiddlewareStack)."""
from __future__ import annotations

from typing import Any

from django.urls import path

from kring.live.consumers import LiveConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/live/<uuid:session_id>/", LiveConsumer.as_asgi()),
]
