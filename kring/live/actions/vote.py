"""The case vote: members vote on the submitted cases, the chair closes the vote, ties
go to the chair, and a case bringer may withdraw their case."""
from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.cases.actions import record_live_outcome
from kring.cases.models import Case, CaseStatus
from kring.core.errors import Refused
from kring.groups.roles import circle_people, reach
from kring.live import events, notifications, queries
from kring.live.actions._common import locked, require_chair, require_circle, written
from kring.live.models import ChosenCase, LiveSession, SessionStatus, Vote, Withdrawal


def _open_vote(session: LiveSession) -> None:
    if session.vote_closed:
        raise Refused(_("The vote is closed."))
    if session.status == SessionStatus.FINISHED:
        raise Refused(_("The meeting has ended."))


def _candidate(session: LiveSession, case: Case) -> Case:
    found = queries.candidate_cases(session).filter(pk=case.pk).first()
    if found is None:
        raise Refused(_("This case is not on the table (any more)."))
    return found


@transaction.atomic
def cast(actor: User, session: LiveSession, case: Case) -> Vote:
    session = locked(session)
    require_circle(actor, session)
    if not reach(actor, session.group).can_bring_case:
        raise Refused(_("Only members vote; the facilitator does not."))
    _open_vote(session)
    _candidate(session, case)
    mine = session.votes.filter(voter=actor)
    if mine.filter(case=case).exists():
        raise Refused(_("You already voted for this case."))
    if mine.count() >= session.votes_per_member:
        raise Refused(_("You have used all your votes (%(n)d). Take one back first.") % {"n": session.votes_per_member})
    vote = Vote.objects.create(session=session, voter=actor, case=case)
    audit(events.VOTED, actor, session)  # who voted for what stays out of the trail
    written(session)
    return vote


@transaction.atomic
def retract(actor: User, session: LiveSession, case: Case) -> None:
    session = locked(session)
    require_circle(actor, session)
    _open_vote(session)
    deleted, _n = session.votes.filter(voter=actor, case=case).delete()
    if not deleted:
        raise Refused(_("You had not voted for this case."))
    audit(events.VOTE_RETRACTED, actor, session)
    written(session)


@transaction.atomic
def withdraw(actor: User, session: LiveSession, case: Case) -> None:
    session = locked(session)
    require_circle(actor, session)
    _candidate(session, case)
    if case.author_id != actor.pk:
        raise Refused(_("Only the person who brought a case can withdraw it."))
    if session.chosen.filter(case=case).exists():
        raise Refused(_("This case has already been chosen."))
    Withdrawal.objects.create(session=session, case=case)
    session.votes.filter(case=case).delete()
    if str(case.pk) in session.tied_case_ids:
        session.tied_case_ids = [c for c in session.tied_case_ids if c != str(case.pk)]
        session.save(update_fields=["tied_case_ids"])
    audit(events.CASE_WITHDRAWN, actor, session, case=str(case.pk))
    written(session)


def unsettled(session: LiveSession) -> bool:
    """No case chosen yet where one could be: the vote is open, or tied cases wait for the chair."""
    return not session.vote_closed or bool(session.tied_case_ids)


def tally(session: LiveSession) -> list[tuple[Case, int]]:
    counts = Counter(session.votes.values_list("case_id", flat=True))
    cases = list(queries.candidate_cases(session))
    return sorted(((c, counts.get(c.pk, 0)) for c in cases), key=lambda cv: (-cv[1], cv[0].created_at))


def _choose(session: LiveSession, case: Case) -> ChosenCase:
    slot = session.chosen.count() + 1
    record_live_outcome(case, CaseStatus.CHOSEN)
    return ChosenCase.objects.create(session=session, slot=slot, case=case, bringer=case.author,
                                     question=case.question)


@transaction.atomic
def close(actor: User, session: LiveSession) -> list[ChosenCase]:
    """Close the vote. Clear winners are chosen; a tie for the last place(s) is left to the
    chair (``tied_case_ids``)."""
    session = locked(session)
    require_chair(actor, session)
    _open_vote(session)
    return _close(actor, session)


@transaction.atomic
def close_at_deadline(session: LiveSession) -> bool:
    """Written mode: the vote's deadline passed. Close it as it stands; if that leaves no
    case chosen (a tie, or nothing to vote on), the meeting waits for the chair, who is
    told by mail. True when the meeting may go on."""
    session = locked(session)
    if not session.vote_closed and queries.candidate_cases(session).exists():
        _close(None, session)
    if not unsettled(session):
        return True
    leads = [p for p in circle_people(session.group) if queries.roles_in(p, session).can_control]
    notifications.vote_held(session, leads)
    return False


def _close(actor: User | None, session: LiveSession) -> list[ChosenCase]:
    results = tally(session)
    if not results:
        raise Refused(_("There are no cases to vote on."))
    needed = min(session.case_count, len(results))
    boundary = results[needed - 1][1]
    clear = [c for c, n in results if n > boundary]
    tied = [c for c, n in results if n == boundary]
    if len(clear) + len(tied) == needed:
        clear, tied = clear + tied, []
    chosen = [_choose(session, c) for c in clear]
    session.vote_closed = True
    session.tied_case_ids = [str(c.pk) for c in tied]
    session.save(update_fields=["vote_closed", "tied_case_ids", "updated_at"])
    audit(events.VOTE_CLOSED, actor, session, chosen=[str(c.case_id) for c in chosen],
          tied=session.tied_case_ids, votes={str(c.pk): n for c, n in results})
    written(session)
    return chosen


@transaction.atomic
def choose(actor: User, session: LiveSession, case: Case) -> ChosenCase:
    """The chair settles a tie (or, with no votes at all, simply picks)."""
    session = locked(session)
    require_chair(actor, session)
    if not session.vote_closed:
        raise Refused(_("Close the vote first."))
    if str(case.pk) not in session.tied_case_ids:
        raise Refused(_("Choose one of the cases that are tied."))
    if session.chosen.count() >= session.case_count:
        raise Refused(_("All cases for this meeting have been chosen."))
    chosen = _choose(session, _candidate(session, case))
    remaining = [c for c in session.tied_case_ids if c != str(case.pk)]
    session.tied_case_ids = remaining if session.chosen.count() < session.case_count else []
    session.save(update_fields=["tied_case_ids", "updated_at"])
    audit(events.CASE_CHOSEN, actor, session, case=str(case.pk))
    written(session)
    return chosen
