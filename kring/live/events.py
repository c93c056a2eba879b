"""The live area's names in the audit trail and the access log (``kring.live.<event>``:
past tense for writes, ``<thing>_read`` for reads)."""
from __future__ import annotations

# --- Setting up the meeting ----------------------------------------------------------------
PREPARED = "kring.live.prepared"
CONFIGURED = "kring.live.configured"
ROLES_ASSIGNED = "kring.live.roles_assigned"
CONTROLS_HANDED_OVER = "kring.live.controls_handed_over"
CONTROLS_TAKEN_BACK = "kring.live.controls_taken_back"
BLOCK_MOVED = "kring.live.block_moved"
BLOCK_SKIPPED = "kring.live.block_skipped"
BLOCK_RESTORED = "kring.live.block_restored"
BLOCK_ADDED = "kring.live.block_added"
BLOCK_EDITED = "kring.live.block_edited"
BLOCK_REMOVED = "kring.live.block_removed"
AGREEMENTS_SET = "kring.live.agreements_set"

# --- The chair's controls (``flow.CONTROLS`` maps each to its event) and presence -------
STARTED = "kring.live.started"
PAUSED = "kring.live.paused"
RESUMED = "kring.live.resumed"
EXTENDED = "kring.live.extended"
ADVANCED = "kring.live.advanced"
MOVED_BACK = "kring.live.moved_back"
SKIPPED_AHEAD = "kring.live.skipped_ahead"
MOVED_TO_BLOCK = "kring.live.moved_to_block"
FINISHED = "kring.live.finished"
WENT_ON_WITHOUT_CASE = "kring.live.went_on_without_case"
JOINED = "kring.live.joined"

# --- The vote ------------------------------------------------------------------------------
VOTED = "kring.live.voted"
VOTE_RETRACTED = "kring.live.vote_retracted"
CASE_WITHDRAWN = "kring.live.case_withdrawn"
VOTE_CLOSED = "kring.live.vote_closed"
CASE_CHOSEN = "kring.live.case_chosen"

# --- What people write ---------------------------------------------------------------------
NOTE_ADDED = "kring.live.note_added"
ADVICE_ADDED = "kring.live.advice_added"
LEARNING_POINT_ADDED = "kring.live.learning_point_added"
INTENDED_ACTION_SET = "kring.live.intended_action_set"
YIELD_SET = "kring.live.yield_set"
AGREEMENTS_CONFIRMED = "kring.live.agreements_confirmed"
CONTRIBUTION_EDITED = "kring.live.contribution_edited"
CONTRIBUTION_REMOVED = "kring.live.contribution_removed"

# --- The websocket -------------------------------------------------------------------------
SOCKET_REFUSED = "kring.live.socket_refused"
MESSAGE_REFUSED = "kring.live.message_refused"

# --- Reads (access log) --------------------------------------------------------------------
CASE_READ = "kring.live.case_read"
LOOKBACK_READ = "kring.live.lookback_read"
NOTES_READ = "kring.live.notes_read"
RECORD_READ = "kring.live.record_read"
AGREEMENTS_READ = "kring.live.agreements_read"
