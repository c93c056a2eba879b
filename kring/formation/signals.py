"""What the formation area announces. Sent inside the action's transaction, so whatever a
receiver writes (a webhook delivery) commits or rolls back with the change."""
from django.dispatch import Signal

# Someone applied to an offer (or applied again after withdrawing). kwargs: application, offer.
application_received = Signal()
# Publishing a proposal created a group with its members. kwargs: group, offer.
group_published = Signal()
