"""The groups area's audit names (see docs/conventions.md, *An area*)."""

GROUP_CREATED = "kring.groups.group_created"
GROUP_UPDATED = "kring.groups.group_updated"
MEMBER_ADDED = "kring.groups.member_added"
MEMBER_REMOVED = "kring.groups.member_removed"
MAIL_POLICY_CHANGED = "kring.groups.mail_policy_changed"
