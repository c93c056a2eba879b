"""The accounts area's audit names (see docs/conventions.md, *An area*)."""

PROFILE_UPDATED = "kring.accounts.profile_updated"
REGISTRATION_ADDED = "kring.accounts.registration_added"
REGISTRATION_REMOVED = "kring.accounts.registration_removed"
RELATION_DECLARED = "kring.accounts.relation_declared"
RELATION_WITHDRAWN = "kring.accounts.relation_withdrawn"
PERSON_INVITED = "kring.accounts.person_invited"
MFA_GRACE_USED = "kring.accounts.mfa_grace_used"
