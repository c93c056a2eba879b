"""What the meetings area announces. Sent inside the action's (or task's) transaction."""
from django.dispatch import Signal

# The digest of a meeting is due now: the cases area mails the submitted cases to the
# circle. kwargs: meeting. The meetings area records that the digest went out.
digest_due = Signal()

# A meeting was planned (on its own, in a series, or by closing a date poll). kwargs: meeting.
meeting_planned = Signal()
# A meeting got a new time. kwargs: meeting.
meeting_moved = Signal()
# A meeting was cancelled. kwargs: meeting.
meeting_cancelled = Signal()
