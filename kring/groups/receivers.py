"""Groups' answers to what lower areas ask (connected in apps.py)."""
from __future__ import annotations

from typing import Any

from kring.accounts.models import User
from kring.groups import roles


def answer_trust(sender: type[User], person: User, **kwargs: Any) -> bool:
    return roles.holds_trust(person)


def answer_verifier(sender: type[User], person: User, **kwargs: Any) -> bool:
    return roles.is_staff(person)
