"""What the live area announces or asks. Receivers connect in their AppConfig.ready()."""
from django.dispatch import Signal

# The look-back block asks what the previous case bringers approved after their meeting.
# The reports area (above live) answers from its last sent report. kwargs: group, before.
# A receiver returns a ``kring.live.lookback.Reported`` or None.
look_back_wanted = Signal()
