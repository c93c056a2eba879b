"""The mail area's audit and access-log names (see docs/conventions.md, "An area")."""

# Staff opened one outgoing mail in the outbox pages (it may carry personal text).
MESSAGE_READ = "kring.mail.message_read"
