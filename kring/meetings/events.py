"""The meetings area's audit names (see docs/conventions.md, "An area")."""

# Meetings and series
MEETING_PLANNED = "kring.meetings.meeting_planned"
SERIES_PLANNED = "kring.meetings.series_planned"
MEETING_CHANGED = "kring.meetings.meeting_changed"
MEETING_CANCELLED = "kring.meetings.meeting_cancelled"
MEETING_HELD = "kring.meetings.meeting_held"
REPLIED = "kring.meetings.replied"
SETTINGS_CHANGED = "kring.meetings.settings_changed"

# The scheduled mails (a task sends them: no actor)
CALL_SENT = "kring.meetings.call_sent"
DIGEST_SENT = "kring.meetings.digest_sent"
REMINDER_SENT = "kring.meetings.reminder_sent"

# Calendar feeds
FEED_ROTATED = "kring.meetings.feed_rotated"
FEED_REVOKED = "kring.meetings.feed_revoked"

# Date polls
POLL_CREATED = "kring.meetings.poll_created"
POLL_ANSWERED = "kring.meetings.poll_answered"
POLL_REMINDED = "kring.meetings.poll_reminded"
POLL_CLOSED = "kring.meetings.poll_closed"
POLL_COMMENTS_READ = "kring.meetings.poll_comments_read"
