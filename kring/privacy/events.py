"""The privacy area's audit and access-log names (see docs/conventions.md, *An area*)."""

# Writes (audit trail)
ERASURE_REQUESTED = "kring.privacy.erasure_requested"
ERASURE_WITHDRAWN = "kring.privacy.erasure_withdrawn"
PERSON_ERASED = "kring.privacy.person_erased"
DATA_PURGED = "kring.privacy.data_purged"

# Reads (access log)
DATA_EXPORTED = "kring.privacy.data_export_read"
