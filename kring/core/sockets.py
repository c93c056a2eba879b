"""The answer to a websocket path Kring does not serve: the handshake is refused (HTTP 403
to the client), instead of the router's uncaught "no route" error (HTTP 500)."""
from __future__ import annotations

from channels.generic.websocket import WebsocketConsumer


class RefuseConsumer(WebsocketConsumer):
    def connect(self) -> None:
        self.close(code=4404)  # before accept: the handshake is refused
