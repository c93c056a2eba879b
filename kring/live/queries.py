"""Reads of live meetings, always scoped to the person: only the group's circle (members
and facilitators) ever sees a live meeting; for everyone else it does not exist (404)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kring.cases.models import Case, CaseStatus
from kring.core.http import get_in_scope
from kring.groups.models import MemberRole
from kring.groups.queries import circle_groups
from kring.live.models import Block, ChosenCase, LiveSession


def circle_sessions(person: Any) -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(meeting__group__in=circle_groups(person)).select_related(
        "meeting__group", "method", "chair", "note_taker", "timekeeper", "current_block")


def get_session(person: Any, session_id: Any) -> LiveSession:
    return get_in_scope(circle_sessions(person), pk=session_id)


def get_block(session: LiveSession, block_id: Any) -> Block:
    return get_in_scope(session.blocks.all(), pk=block_id)


def in_circle(person: Any, group: Any) -> bool:
    return person.is_authenticated and group.memberships.filter(person=person).exists()


def is_member(person: Any, group: Any) -> bool:
    return group.memberships.filter(person=person, role=MemberRole.MEMBER).exists()


def is_facilitator(person: Any, group: Any) -> bool:
    return group.memberships.filter(person=person, role=MemberRole.FACILITATOR).exists()


def can_organise(person: Any, session: LiveSession) -> bool:
    """Agenda, roles and settings: the facilitator or the chair."""
    return session.chair_id == person.pk or is_facilitator(person, session.group)


def candidate_cases(session: LiveSession) -> QuerySet[Case]:
    """Submitted cases still on the table (not withdrawn, in Kring or in this meeting)."""
    withdrawn = session.withdrawals.values("case_id")
    return (Case.objects.filter(meeting=session.meeting)
            .exclude(status=CaseStatus.WITHDRAWN).exclude(pk__in=withdrawn).select_related("author"))


def chosen_for_block(session: LiveSession, block: Block | None) -> ChosenCase | None:
    if block is None or not block.case_slot:
        return None
    return next((c for c in session.chosen.all() if c.slot == block.case_slot), None)


@dataclass(frozen=True)
class Roles:
    chair: bool
    bringer: bool
    note_taker: bool
    timekeeper: bool
    member: bool
    facilitator: bool


def roles(person: Any, session: LiveSession, block: Block | None) -> Roles:
    chosen = chosen_for_block(session, block)
    return Roles(
        chair=session.chair_id == person.pk,
        bringer=chosen is not None and chosen.bringer_id == person.pk,
        note_taker=session.note_taker_id == person.pk,
        timekeeper=session.timekeeper_id == person.pk,
        member=is_member(person, session.group),
        facilitator=is_facilitator(person, session.group),
    )
