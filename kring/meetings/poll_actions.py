"""The write path for date polls: propose dates, answer, remind, close into a meeting."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_people, reach
from kring.meetings import events, notifications
from kring.meetings.actions import check_place, check_slot, new_meeting
from kring.meetings.models import (
    Answer,
    DatePoll,
    Meeting,
    MeetingReply,
    PollChoice,
    PollOption,
    PollResponse,
    PollStatus,
    Reply,
)
from kring.meetings.queries import deadline_passed, not_answered, tally

MAX_OPTIONS = 20
# A poll answer on the chosen date that already answers the meeting's invitation.
CARRIED: dict[str, str] = {Answer.YES: Reply.ATTENDING, Answer.NO: Reply.NOT_ATTENDING}
MAX_DATE_COMMENT = 300
# A second reminder within this time is refused: a double click must not flood anyone.
REMINDER_PAUSE = timedelta(hours=1)


def _require_poll_organiser(actor: User, group: IntervisionGroup) -> None:
    # Polls belong to the circle: a coordinator plans meetings but never sees the answers.
    if not reach(actor, group).can_run_polls:
        raise Refused(_("Only the facilitator or the chair of this group can organise its date polls."))


def format_deadline(poll: DatePoll) -> str:
    local = timezone.localtime(poll.deadline)
    return f"{date_format(local, 'l j F Y')}, {local:%H:%M}"


@transaction.atomic
def create_poll(actor: User, group: IntervisionGroup, *, title: str, deadline: datetime,
                options: list[tuple[datetime, datetime]], note: str = "", results_public: bool = True,
                location: str = "", online_url: str = "", break_minutes: int = 15) -> DatePoll:
    group = IntervisionGroup.objects.select_for_update().get(pk=group.pk)
    _require_poll_organiser(actor, group)
    if not title.strip():
        raise Refused(_("Give the poll a title."))
    if not options:
        raise Refused(_("Propose at least one date."))
    if len(options) > MAX_OPTIONS:
        raise Refused(_("Propose at most %(n)d dates.") % {"n": MAX_OPTIONS})
    if len(set(options)) != len(options):
        raise Refused(_("The same date and time is proposed twice."))
    for starts_at, ends_at in options:
        check_slot(starts_at, ends_at)
        check_place(location, online_url, break_minutes, starts_at, ends_at)
    if deadline <= timezone.now():
        raise Refused(_("The deadline must be in the future."))
    if deadline > min(s for s, _e in options):
        raise Refused(_("The deadline must be before the first proposed date."))
    poll = DatePoll(
        group=group, organiser=actor, title=title.strip(), note=note.strip(), deadline=deadline,
        results_public=results_public, location=location.strip(), online_url=online_url.strip(),
        break_minutes=break_minutes,
    )
    poll.full_clean()
    poll.save()
    PollOption.objects.bulk_create([PollOption(poll=poll, starts_at=s, ends_at=e) for s, e in sorted(options)])
    notifications.poll_opened(poll, actor)
    audit(events.POLL_CREATED, actor, poll, options=len(options))
    return poll


def _locked_poll(poll: DatePoll) -> DatePoll:
    return DatePoll.objects.select_for_update(of=("self",)).select_related("group").get(pk=poll.pk)


@transaction.atomic
def answer_poll(actor: User, poll: DatePoll, answers: dict[str, str], comment: str = "",
                comments: dict[str, str] | None = None) -> PollResponse:
    """Store (or replace) one person's answers; every proposed date needs one. ``comments``
    holds an optional remark per date (option id → text)."""
    poll = _locked_poll(poll)
    if not reach(actor, poll.group).in_circle:
        raise Refused(_("Only members of this group can answer this poll."))
    if poll.status != PollStatus.OPEN:
        raise Refused(_("This poll is closed."))
    if deadline_passed(poll):
        raise Refused(_("The deadline of this poll (%(deadline)s) has passed: answers can no longer be given or "
                        "changed. Tell the organiser yourself which dates suit you.") % {"deadline": format_deadline(poll)})
    comments = {k: v.strip() for k, v in (comments or {}).items()}
    options = {str(o.pk): o for o in poll.options.all()}
    if set(answers) - set(options):
        raise Refused(_("One of the dates is not part of this poll."))
    if set(options) - set(answers):
        raise Refused(_("Answer yes, if need be or no for every date."))
    if any(a not in Answer.values for a in answers.values()):
        raise Refused(_("Answer yes, if need be or no for every date."))
    if len(comment) > 2000:
        raise Refused(_("The comment can be at most 2000 characters."))
    if set(comments) - set(options):
        raise Refused(_("One of the dates is not part of this poll."))
    if any(len(c) > MAX_DATE_COMMENT for c in comments.values()):
        raise Refused(_("A comment on a date can be at most %(n)d characters.") % {"n": MAX_DATE_COMMENT})
    response, _created = PollResponse.objects.update_or_create(
        poll=poll, person=actor, defaults={"comment": comment.strip()}
    )
    for option_id, answer in answers.items():
        PollChoice.objects.update_or_create(response=response, option=options[option_id],
                                            defaults={"answer": answer, "comment": comments.get(option_id, "")})
    audit(events.POLL_ANSWERED, actor, poll)
    return response


@transaction.atomic
def remind_poll(actor: User, poll: DatePoll) -> int:
    """One mail to each person who has not answered. Returns how many were reminded."""
    poll = _locked_poll(poll)
    _require_poll_organiser(actor, poll.group)
    if poll.status != PollStatus.OPEN:
        raise Refused(_("This poll is closed."))
    if deadline_passed(poll):
        raise Refused(_("The deadline of this poll has passed: nobody can answer any more, so there is nothing to remind people of."))
    now = timezone.now()
    if poll.last_reminded_at and now - poll.last_reminded_at < REMINDER_PAUSE:
        raise Refused(_("A reminder went out less than an hour ago; give people some time."))
    missing = not_answered(poll)
    if not missing:
        raise Refused(_("Everyone has answered."))
    poll.reminder_rounds += 1
    poll.last_reminded_at = now
    poll.save(update_fields=["reminder_rounds", "last_reminded_at", "updated_at"])
    notifications.poll_reminder(poll, missing)
    audit(events.POLL_REMINDED, actor, poll, reminded=len(missing), round=poll.reminder_rounds)
    return len(missing)


@transaction.atomic
def close_poll(actor: User, poll: DatePoll, option_id: str, override: bool = False) -> Meeting:
    """Pick a date and turn it into a meeting (with invitations)."""
    poll = _locked_poll(poll)
    _require_poll_organiser(actor, poll.group)
    if poll.status != PollStatus.OPEN:
        raise Refused(_("This poll is already closed."))
    chosen = next((t for t in tally(poll) if str(t.option.pk) == str(option_id)), None)
    if chosen is None:
        raise Refused(_("Choose one of the proposed dates."))
    if chosen.rejected_by_all and not override:
        raise Refused(_("Everyone who answered said no to this date. Confirm explicitly if you still want it."))
    check_slot(chosen.option.starts_at, chosen.option.ends_at)
    meeting = new_meeting(
        actor, poll.group, chosen.option.starts_at, chosen.option.ends_at, break_minutes=poll.break_minutes,
        location=poll.location, online_url=poll.online_url, agenda=None,
    )
    poll.status, poll.meeting = PollStatus.CLOSED, meeting
    poll.save(update_fields=["status", "meeting", "updated_at"])
    carried = _carry_answers(poll, chosen.option, meeting)
    audit(events.POLL_CLOSED, actor, poll, meeting=str(meeting.pk), override=override and chosen.rejected_by_all,
          replies=carried)
    return meeting


def _carry_answers(poll: DatePoll, option: PollOption, meeting: Meeting) -> int:
    """Whoever said yes or no to the chosen date has answered the invitation already: they
    should not be asked again, and the meeting page counts them. "If need be" is no
    answer to "will you come?", so those people are asked as usual. Only people still in
    the group's circle count. Returns how many replies were made."""
    circle = {p.pk for p in circle_people(poll.group)}
    replies = [
        MeetingReply(meeting=meeting, person_id=person_id, answer=CARRIED[answer])
        for person_id, answer in PollChoice.objects.filter(option=option).values_list("response__person_id", "answer")
        if answer in CARRIED and person_id in circle
    ]
    MeetingReply.objects.bulk_create(replies)
    return len(replies)
