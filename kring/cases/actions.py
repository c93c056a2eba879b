"""The one write path for cases: submit, edit, withdraw, and what the live meeting did with them."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.cases import events
from kring.cases.models import Case, CaseStatus
from kring.cases.queries import open_for_cases
from kring.core.errors import Refused
from kring.groups.roles import reach
from kring.meetings.models import Meeting

LIMITS = {"title": 160, "situation": 10000, "question": 2000, "wish": 2000}


def _clean(title: str, situation: str, question: str, wish: str) -> dict[str, str]:
    fields = {"title": title.strip(), "situation": situation.strip(), "question": question.strip(), "wish": wish.strip()}
    missing = [k for k in ("title", "situation", "question") if not fields[k]]
    if missing:
        raise Refused(_("Fill in a title, the situation and your question."))
    for key, limit in LIMITS.items():
        if len(fields[key]) > limit:
            raise Refused(_("A field is too long: at most %(n)d characters.") % {"n": limit})
    return fields


def _require_open(meeting: Meeting) -> None:
    if not open_for_cases(meeting):
        raise Refused(_("Cases for this meeting can no longer be changed: the digest has been sent or the meeting is not planned."))


@transaction.atomic
def submit_case(actor: User, meeting: Meeting, *, title: str, situation: str, question: str, wish: str = "") -> Case:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)
    if not reach(actor, meeting.group).can_bring_case:
        raise Refused(_("Only members of this group can bring a case."))
    _require_open(meeting)
    case = Case.objects.create(meeting=meeting, author=actor, **_clean(title, situation, question, wish))
    # No case content in the audit trail: it is confidential.
    audit(events.CASE_SUBMITTED, actor, case, meeting=str(meeting.pk))
    return case


def _locked_own_case(actor: User, case: Case) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("meeting", "meeting__group").get(pk=case.pk)
    if case.author_id != actor.pk:
        raise Refused(_("Only the person who brought this case can change it."))
    if case.status != CaseStatus.SUBMITTED:
        raise Refused(_("This case can no longer be changed."))
    _require_open(case.meeting)
    return case


@transaction.atomic
def update_case(actor: User, case: Case, *, title: str, situation: str, question: str, wish: str = "") -> Case:
    case = _locked_own_case(actor, case)
    for key, value in _clean(title, situation, question, wish).items():
        setattr(case, key, value)
    case.save()
    audit(events.CASE_UPDATED, actor, case)
    return case


@transaction.atomic
def withdraw_case(actor: User, case: Case) -> Case:
    case = _locked_own_case(actor, case)
    case.status = CaseStatus.WITHDRAWN
    case.save(update_fields=["status", "updated_at"])
    audit(events.CASE_WITHDRAWN, actor, case)
    return case


def record_live_outcome(case: Case, status: str) -> None:
    """What the live meeting did with a case (chosen by the vote, then treated). Called
    inside the live area's action, which leaves the audit entry for the change."""
    if status not in (CaseStatus.CHOSEN, CaseStatus.TREATED):
        raise ValueError(f"not a live outcome: {status}")
    Case.objects.filter(pk=case.pk).exclude(status=CaseStatus.WITHDRAWN).update(status=status)
