"""What the reports area announces. Sent inside the action's transaction."""
from django.dispatch import Signal

# A facilitator confirmed the attendance of a meeting. kwargs: sheet.
attendance_confirmed = Signal()
