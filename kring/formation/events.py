"""The formation area's audit names: ``kring.formation.<what happened>``, past tense."""
from __future__ import annotations

# Offers, applications and facilitator capacity (actions.py)
OFFER_CREATED = "kring.formation.offer_created"
OFFER_UPDATED = "kring.formation.offer_updated"
APPLICATION_SUBMITTED = "kring.formation.application_submitted"
APPLICATION_WITHDRAWN = "kring.formation.application_withdrawn"
APPLICATION_DECIDED = "kring.formation.application_decided"
APPLICANTS_IMPORTED = "kring.formation.applicants_imported"
CAPACITY_SET = "kring.formation.capacity_set"

# Formation runs (run_actions.py)
RUN_STARTED = "kring.formation.run_started"
RUN_FINISHED = "kring.formation.run_finished"
RUN_FAILED = "kring.formation.run_failed"
MEMBER_MOVED = "kring.formation.member_moved"
PUBLISH_REQUESTED = "kring.formation.publish_requested"
RUN_PUBLISHED = "kring.formation.run_published"
PUBLISH_STOPPED = "kring.formation.publish_stopped"
