"""The live meeting's websocket. Clients receive the clock state on connect and on every
change; the chair sends controls. Everything is checked against the database on each
message (roles can change mid-meeting), and nothing a client sends can crash the socket:
bad input gets an error message back and is logged."""
from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.generic.websocket import WebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from kring.accounts.models import Person, User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.groups.roles import signed_in
from kring.live import broadcast, events, queries
from kring.live.actions import flow
from kring.live.models import LiveSession

logger = logging.getLogger(__name__)
MAX_MESSAGE = 2000  # bytes; controls are tiny


class LiveConsumer(WebsocketConsumer):
    session_id: str | None = None
    user: User  # set on connect, before the socket is accepted
    language: str | None = None

    def _signed_in(self) -> User | None:
        """The person on this socket (the auth middleware put them in the scope), if signed in."""
        person: Person | None = self.scope.get("user")
        return person if signed_in(person) else None

    def _session(self, user: User | None) -> LiveSession | None:
        if user is None:
            return None
        try:
            return queries.circle_sessions(user).filter(pk=self.scope["url_route"]["kwargs"]["session_id"]).first()
        except (ValueError, TypeError, ValidationError):  # not a UUID: no such meeting
            return None

    def _asked_session(self) -> str:
        """The session id the path asked for, as the audit trail keeps it: a UUID, or
        "malformed" (a path can carry anything, even a NUL PostgreSQL cannot store)."""
        asked = self.scope["url_route"]["kwargs"].get("session_id", "")
        try:
            return str(uuid.UUID(str(asked)))
        except ValueError:
            return "malformed"

    def connect(self) -> None:
        user = self._signed_in()
        session = self._session(user)
        if user is None or session is None:
            anyone: Person | None = self.scope.get("user")
            logger.warning("live socket refused for %s", getattr(anyone, "pk", None))
            audit(events.SOCKET_REFUSED, anyone, None, session=self._asked_session())
            self.close(code=4403)  # before accept: the handshake is refused
            return
        self.session_id = str(session.pk)
        self.user = user
        self.language = self._language()
        translation.activate(self.language)
        self.accept()
        async_to_sync(self.channel_layer.group_add)(broadcast.group_name(self.session_id), self.channel_name)
        self.send_json(broadcast.state(session))
        flow.join(self.user, session)

    def _language(self) -> str:
        """The language this person reads Kring in: the language switch's cookie wins, then
        the profile (as the pages do)."""
        known = dict(settings.LANGUAGES)
        cookies = self.scope.get("cookies") or {}
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in known:
            return chosen
        profile = self.user.language
        if profile in known:
            return profile
        headers = dict(self.scope.get("headers") or [])
        accept = headers.get(b"accept-language", b"").decode("latin-1")
        for code, _q in parse_accept_lang_header(accept):
            if code.split("-")[0] in known:
                return code.split("-")[0]
        return settings.LANGUAGE_CODE

    def disconnect(self, code: int) -> None:
        if self.session_id is None:
            return
        async_to_sync(self.channel_layer.group_discard)(broadcast.group_name(self.session_id), self.channel_name)
        session = LiveSession.objects.filter(pk=self.session_id).first()
        if session is not None:
            flow.leave(self.user, session)

    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.session_id is None:
            return
        if text_data is None or len(text_data) > MAX_MESSAGE:
            return self._reject("too large or binary")
        try:
            message = json.loads(text_data)
        except ValueError:
            return self._reject("not json")
        if not isinstance(message, dict) or not isinstance(message.get("action"), str):
            return self._reject("no action")
        self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        action = message["action"]
        session = self._session(self.user)
        if session is None:  # removed from the group while connected
            self._reject("not in the circle any more", action)
            self.close(code=4403)
            return
        if action == "ping":
            flow.heartbeat(self.user, session)
            return
        if action == "sync":
            self.send_json(broadcast.state(session))
            return
        if action not in flow.CONTROLS:
            return self._reject("unknown action", action)
        minutes = message.get("minutes")
        block_id = message.get("block")
        if block_id is not None and not isinstance(block_id, str):
            return self._reject("bad block", action)
        try:
            with translation.override(self.language):
                flow.control(self.user, session, action, minutes=minutes, block_id=block_id)
        except Refused as exc:
            self._reject(str(exc), action, tell=exc.messages)
        except (Http404, ValidationError):  # an id that is not there: an answer, never a closed socket (1011)
            self._reject("not found", action)

    def _reject(self, reason: str, action: str = "", tell: list[str] | None = None) -> None:
        logger.info("live message rejected (%s) from %s", reason, self.user.pk)
        session = LiveSession.objects.filter(pk=self.session_id).first() if self.session_id else None
        # Only a known control's name is kept: whatever else a client sent stays out of the trail.
        known = action if action in flow.CONTROLS else ("other" if action else "")
        audit(events.MESSAGE_REFUSED, self.user, session, reason=reason[:200], action=known)
        with translation.override(self.language):
            self.send_json({"type": "error", "messages": tell or [_("That message was not understood.")]})

    def send_json(self, content: dict[str, Any]) -> None:
        if content.get("type") == "state":
            content = broadcast.localised(content, self.language or "")
        self.send(text_data=json.dumps(content))

    def live_message(self, event: dict[str, Any]) -> None:
        self.send_json(event["payload"])
