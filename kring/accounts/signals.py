"""What the accounts area asks or announces; higher areas connect receivers (see
docs/conventions.md). Sent synchronously; a receiver's answer is its return value."""
from __future__ import annotations

from django.dispatch import Signal

from kring.accounts.models import User

# Whether a person holds a position of trust (staff, facilitator, coordinator), asked with
# `person=`. Groups answers from kring/groups/roles.py; accounts cannot look upward.
trust_asked = Signal()
# Whether a person may verify registrations that grant rights (staff), asked with `person=`.
verifier_asked = Signal()


def answered_yes(signal: Signal, person: User) -> bool:
    """True when a receiver of `signal` (asked with `person=`) answers yes."""
    return any(bool(answer) for _receiver, answer in signal.send(User, person=person))
