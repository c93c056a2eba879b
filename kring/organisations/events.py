"""The organisations area's audit names (see docs/conventions.md, *An area*). The writes
themselves live in ``kring.groups.org_actions``: they need the roles, which sit above."""

ORGANISATION_CREATED = "kring.organisations.organisation_created"
INVITATION_SENT = "kring.organisations.invitation_sent"
INVITATION_ACCEPTED = "kring.organisations.invitation_accepted"
ROLE_CHANGED = "kring.organisations.role_changed"
ROLE_REMOVED = "kring.organisations.role_removed"
MEMBERSHIP_LEFT = "kring.organisations.membership_left"
