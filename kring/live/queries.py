"""Reads of live meetings, always scoped to the person: only the group's circle (members
and facilitators) ever sees a live meeting; for everyone else it does not exist (404)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kring.accounts.models import Person
from kring.audit.actions import log_access
from kring.cases.models import Case, CaseStatus
from kring.core.http import get_in_scope
from kring.groups import roles
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_groups
from kring.live import events
from kring.live.models import Block, ChosenCase, GroupAgreements, LiveSession


def circle_sessions(person: Person | None) -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(meeting__group__in=circle_groups(person)).select_related(
        "meeting__group", "method", "chair", "note_taker", "timekeeper", "current_block")


def get_session(person: Person | None, session_id: object) -> LiveSession:
    return get_in_scope(circle_sessions(person), pk=session_id)


def get_block(session: LiveSession, block_id: object) -> Block:
    return get_in_scope(session.blocks.all(), pk=block_id)


def find_block(session: LiveSession, block_id: object) -> Block | None:
    """A block of this session by an id a client sent, or None for a malformed or foreign
    id (the socket answers that with an error message, not a crash)."""
    try:
        return get_block(session, block_id)
    except Http404:
        return None


def candidate_cases(session: LiveSession) -> QuerySet[Case]:
    """Submitted cases still on the table (not withdrawn, in Kring or in this meeting)."""
    withdrawn = session.withdrawals.values("case_id")
    return (Case.objects.filter(meeting=session.meeting)
            .exclude(status=CaseStatus.WITHDRAWN).exclude(pk__in=withdrawn).select_related("author"))


def chosen_for_block(session: LiveSession, block: Block | None) -> ChosenCase | None:
    if block is None or not block.case_slot:
        return None
    return next((c for c in session.chosen.all() if c.slot == block.case_slot), None)


def roles_in(person: Person | None, session: LiveSession, block: Block | None = None) -> roles.SessionRoles:
    """This person's roles in the live meeting (the case bringer: of the case ``block`` treats)."""
    chosen = chosen_for_block(session, block)
    return roles.session_roles(person, session, roles.reach(person, session.group),
                               bringer_id=chosen.bringer_id if chosen is not None else None)


def read_agreements(person: Person, group: IntervisionGroup) -> GroupAgreements | None:
    """A group's safety agreements, for a page that shows their text: a logged read."""
    agreements = GroupAgreements.objects.filter(group=group).first()
    if agreements is not None:
        log_access(events.AGREEMENTS_READ, person, agreements, group=group)
    return agreements
