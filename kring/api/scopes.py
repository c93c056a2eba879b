"""What a token may be used for. A token carries a subset; each API operation names the
one it needs. The person's own reach still decides what the call can see or change."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

READ = "read"
RESPOND = "respond"
ATTENDANCE = "attendance"
FORMATION = "formation"

LABELS = {
    READ: _("Read what you can see in Kring (groups, meetings, polls, your attendance)"),
    RESPOND: _("Apply to offers and answer date polls"),
    ATTENDANCE: _("Confirm attendance (facilitators)"),
    FORMATION: _("Import applicants and form groups (coordinators)"),
}
ALL = tuple(LABELS)
# An organisation token serves a coordinator's systems: no personal answers.
ORGANISATION = (READ, FORMATION)
