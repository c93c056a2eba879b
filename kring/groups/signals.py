"""What the groups area announces. Sent inside the action's transaction, so whatever a
receiver writes (an outbox row, an invitation) commits or rolls back with the change."""
from django.dispatch import Signal

# A person joined a group. kwargs: group, person, role, actor.
member_added = Signal()
