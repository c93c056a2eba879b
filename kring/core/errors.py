from __future__ import annotations

from django.utils.functional import Promise


class Refused(Exception):
    """An action that cannot be done, with messages meant for the person who tried.
    Messages are already translated (or lazy) and never reveal more than the actor may know."""

    def __init__(self, *messages: str | Promise) -> None:
        super().__init__(*messages)
        self.messages: list[str] = [str(m) for m in messages]

    def __str__(self) -> str:
        return " ".join(self.messages)
