"""The methods area's names in the audit trail (``kring.methods.<event>``, past tense)."""
from __future__ import annotations

METHOD_COPIED = "kring.methods.method_copied"
METHOD_UPDATED = "kring.methods.method_updated"
PHASE_ADDED = "kring.methods.phase_added"
PHASE_UPDATED = "kring.methods.phase_updated"
PHASE_DELETED = "kring.methods.phase_deleted"
PHASE_MOVED = "kring.methods.phase_moved"
