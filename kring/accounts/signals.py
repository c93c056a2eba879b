"""What the accounts area asks or announces; higher areas connect receivers (see
docs/conventions.md). Sent synchronously; a receiver's answer is its return value."""
from __future__ import annotations

from django.dispatch import Signal

# Whether a person holds a position of trust (staff, facilitator, coordinator), asked with
# `person=`. Groups answers from kring/groups/roles.py; accounts cannot look upward.
trust_asked = Signal()
