"""The one write path for meetings: planning, series, moves, cancellations, replies,
settings, calendar feeds, and the scheduled mails (call for cases, digest, reminder)."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.core.tasks import enqueue_after_commit
from kring.groups.models import IntervisionGroup
from kring.groups.roles import reach
from kring.meetings import events, notifications, signals
from kring.meetings.models import (
    ACTIVE_STATUSES,
    CalendarFeed,
    Meeting,
    MeetingReply,
    MeetingSeries,
    MeetingSettings,
    MeetingStatus,
    Reply,
)
from kring.meetings.notifications import send_invitations
from kring.meetings.queries import due_times, settings_for

MAX_DURATION = timedelta(hours=12)
MAX_BREAK_MINUTES = 240
PLACE_FIELDS = ("location", "online_url")
# The scheduled mails, each with the audit name of its sending.
SENT_EVENTS = {"call": events.CALL_SENT, "digest": events.DIGEST_SENT, "reminder": events.REMINDER_SENT}
MAIL_KINDS = tuple(SENT_EVENTS)


def _require_organiser(actor: User, group: IntervisionGroup) -> None:
    if not reach(actor, group).can_plan_meetings:
        raise Refused(_("Only the facilitator or the chair of this group can plan its meetings."))


def check_slot(starts_at: datetime, ends_at: datetime) -> None:
    """Times any planned meeting (or poll option) must satisfy."""
    if starts_at >= ends_at:
        raise Refused(_("The meeting must end after it starts."))
    if ends_at - starts_at > MAX_DURATION:
        raise Refused(_("A meeting can last at most 12 hours."))
    if starts_at <= timezone.now():
        raise Refused(_("Choose a moment in the future."))


def check_place(location: str, online_url: str, break_minutes: int, starts_at: datetime, ends_at: datetime) -> None:
    """Where a meeting (or every option of a poll) takes place, and its breaks."""
    if not location.strip() and not online_url.strip():
        raise Refused(_("Give a location or an online link."))
    if not 0 <= break_minutes <= MAX_BREAK_MINUTES:
        raise Refused(_("Breaks must be between 0 and 240 minutes."))
    if timedelta(minutes=break_minutes) >= ends_at - starts_at:
        raise Refused(_("The breaks cannot take up the whole meeting."))


def schedule_mails(meeting: Meeting, kinds: tuple[str, ...] = MAIL_KINDS) -> None:
    """Enqueue call, digest and reminder after commit. Each carries the start time it was
    planned for; when it runs it re-checks the meeting and the group's settings (see
    ``send_scheduled``), so a task left over from an earlier plan does nothing."""
    planned_for = meeting.starts_at.isoformat()
    for kind, when in due_times(meeting).items():
        if kind in kinds:
            enqueue_after_commit("kring.meetings.tasks.meeting_mail", str(meeting.pk), kind, planned_for, run_after=when)


def new_meeting(actor: User, group: IntervisionGroup, starts_at: datetime, ends_at: datetime, *,
                break_minutes: int, location: str, online_url: str, agenda: str | None,
                series: MeetingSeries | None = None) -> Meeting:
    """One meeting with its invitations and scheduled mails, inside the transaction of an
    action (planning, a series, closing a poll) that checked the organiser and audits."""
    check_slot(starts_at, ends_at)
    check_place(location, online_url, break_minutes, starts_at, ends_at)
    meeting = Meeting(
        group=group, series=series, starts_at=starts_at, ends_at=ends_at, break_minutes=break_minutes,
        location=location.strip(), online_url=online_url.strip(), organiser=actor,
        agenda=settings_for(group).agenda_template if agenda is None else agenda,
    )
    meeting.full_clean()
    meeting.save()
    send_invitations(meeting)
    schedule_mails(meeting)
    signals.meeting_planned.send(sender=Meeting, meeting=meeting)
    return meeting


def _locked_group(group: IntervisionGroup) -> IntervisionGroup:
    return IntervisionGroup.objects.select_for_update().get(pk=group.pk)


@transaction.atomic
def create_meeting(actor: User, group: IntervisionGroup, *, starts_at: datetime, ends_at: datetime,
                   break_minutes: int = 15, location: str = "", online_url: str = "",
                   agenda: str | None = None) -> Meeting:
    group = _locked_group(group)
    _require_organiser(actor, group)
    meeting = new_meeting(actor, group, starts_at, ends_at, break_minutes=break_minutes, location=location,
                           online_url=online_url, agenda=agenda)
    audit(events.MEETING_PLANNED, actor, meeting, starts_at=starts_at.isoformat())
    return meeting


@transaction.atomic
def create_series(actor: User, group: IntervisionGroup, *, starts_at: datetime, ends_at: datetime,
                  interval_weeks: int, count: int, break_minutes: int = 15, location: str = "",
                  online_url: str = "", agenda: str | None = None) -> MeetingSeries:
    group = _locked_group(group)
    _require_organiser(actor, group)
    if not 1 <= interval_weeks <= 26:
        raise Refused(_("Choose an interval between 1 and 26 weeks."))
    if not 1 <= count <= 52:
        raise Refused(_("A series has between 1 and 52 meetings."))
    series = MeetingSeries.objects.create(group=group, interval_weeks=interval_weeks, count=count)
    step = timedelta(weeks=interval_weeks)
    for i in range(count):
        # Add weeks in local time, so 19:00 stays 19:00 across a daylight-saving change.
        local_start = timezone.localtime(starts_at) + i * step
        local_end = timezone.localtime(ends_at) + i * step
        new_meeting(
            actor, group, timezone.make_aware(local_start.replace(tzinfo=None)),
            timezone.make_aware(local_end.replace(tzinfo=None)), break_minutes=break_minutes,
            location=location, online_url=online_url, agenda=agenda, series=series,
        )
    audit(events.SERIES_PLANNED, actor, series, count=count, interval_weeks=interval_weeks)
    return series


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)


@transaction.atomic
def change_meeting(actor: User, meeting: Meeting, *, starts_at: datetime, ends_at: datetime, break_minutes: int,
                   location: str, online_url: str, agenda: str) -> Meeting:
    """Move a meeting or change its place or agenda. A new time or place raises the
    SEQUENCE and sends everyone an update; a new time also reschedules the mails."""
    meeting = _locked_meeting(meeting)
    _require_organiser(actor, meeting.group)
    if not meeting.is_active:
        raise Refused(_("This meeting is cancelled or already held; it cannot be changed."))
    moved = (starts_at, ends_at) != (meeting.starts_at, meeting.ends_at)
    if moved:
        check_slot(starts_at, ends_at)
    elif meeting.starts_at <= timezone.now():
        raise Refused(_("This meeting has already started."))
    check_place(location, online_url, break_minutes, starts_at, ends_at)
    place_changed = (location.strip(), online_url.strip()) != (meeting.location, meeting.online_url)
    meeting.starts_at, meeting.ends_at, meeting.break_minutes = starts_at, ends_at, break_minutes
    meeting.location, meeting.online_url, meeting.agenda = location.strip(), online_url.strip(), agenda
    if moved:
        meeting.status = MeetingStatus.MOVED
        meeting.dated_at = timezone.now()  # the new date's notice starts now
        meeting.call_sent_at = meeting.digest_sent_at = meeting.reminder_sent_at = None
    if moved or place_changed:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    if moved or place_changed:
        send_invitations(meeting)
    if moved:
        schedule_mails(meeting)
        signals.meeting_moved.send(sender=Meeting, meeting=meeting)
    audit(events.MEETING_CHANGED, actor, meeting, moved=moved, place_changed=place_changed,
          sequence=meeting.sequence)
    return meeting


@transaction.atomic
def cancel_meeting(actor: User, meeting: Meeting) -> Meeting:
    meeting = _locked_meeting(meeting)
    _require_organiser(actor, meeting.group)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting  # a second click changes nothing and sends nothing
    if not meeting.is_active:
        raise Refused(_("This meeting has already been held."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    send_invitations(meeting)
    signals.meeting_cancelled.send(sender=Meeting, meeting=meeting)
    audit(events.MEETING_CANCELLED, actor, meeting, sequence=meeting.sequence)
    return meeting


@transaction.atomic
def mark_held(actor: User, meeting: Meeting) -> Meeting:
    meeting = _locked_meeting(meeting)
    _require_organiser(actor, meeting.group)
    if not meeting.is_active:
        raise Refused(_("Only a planned meeting can be marked as held."))
    if meeting.starts_at > timezone.now():
        raise Refused(_("This meeting has not started yet."))
    meeting.status = MeetingStatus.HELD
    meeting.save()
    audit(events.MEETING_HELD, actor, meeting)
    return meeting


def record_held_live(meeting: Meeting) -> None:
    """The live meeting was run to its end, so the meeting took place. Called inside the
    live area's action, which leaves the audit entry."""
    Meeting.objects.filter(pk=meeting.pk, status__in=[MeetingStatus.PLANNED, MeetingStatus.MOVED]).update(
        status=MeetingStatus.HELD
    )


@transaction.atomic
def reply(actor: User, meeting: Meeting, answer: str) -> MeetingReply:
    if answer not in Reply.values:
        raise Refused(_("Choose attending or not attending."))
    if not reach(actor, meeting.group).in_circle:
        raise Refused(_("Only members of this group can answer."))
    if not meeting.is_active or meeting.ends_at <= timezone.now():
        raise Refused(_("This meeting is no longer open for answers."))
    row, _created = MeetingReply.objects.update_or_create(meeting=meeting, person=actor, defaults={"answer": answer})
    audit(events.REPLIED, actor, meeting, answer=answer)
    return row


@transaction.atomic
def update_settings(actor: User, group: IntervisionGroup, *, call_days_before: int, digest_days_before: int,
                    agenda_template: str) -> MeetingSettings:
    """Save the group's timing; a new call or digest day moves those mails of every
    upcoming meeting that have not gone out yet (the old tasks find them not due and
    do nothing)."""
    group = _locked_group(group)
    _require_organiser(actor, group)
    if digest_days_before >= call_days_before:
        raise Refused(_("The call for cases must go out before the digest."))
    conf, _created = MeetingSettings.objects.get_or_create(group=group)
    before = (conf.call_days_before, conf.digest_days_before)
    conf.call_days_before, conf.digest_days_before = call_days_before, digest_days_before
    conf.agenda_template = agenda_template
    conf.full_clean()
    conf.save()
    changed = tuple(kind for kind, old, new in [("call", before[0], call_days_before),
                                                ("digest", before[1], digest_days_before)] if old != new)
    rescheduled = 0
    if changed:
        upcoming = group.meetings.select_for_update().filter(starts_at__gt=timezone.now(), status__in=ACTIVE_STATUSES)
        for meeting in upcoming:
            kinds = tuple(k for k in changed if getattr(meeting, f"{k}_sent_at") is None)
            if kinds:
                schedule_mails(meeting, kinds)
                rescheduled += 1
    audit(events.SETTINGS_CHANGED, actor, group, call_days_before=call_days_before,
          digest_days_before=digest_days_before, rescheduled=rescheduled)
    return conf


# --- Calendar feed

@transaction.atomic
def rotate_feed(actor: User) -> str:
    """A new secret address; the old one stops working at once. Returns the token: the
    only time it exists outside the person's calendar app (only its hash is stored)."""
    CalendarFeed.objects.filter(person=actor).delete()
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(person=actor, token_hash=CalendarFeed.hash(token))
    audit(events.FEED_ROTATED, actor, None)
    return token


@transaction.atomic
def revoke_feed(actor: User) -> None:
    CalendarFeed.objects.filter(person=actor).delete()
    audit(events.FEED_REVOKED, actor, None)


# --- Scheduled mails (run by kring.meetings.tasks)

@transaction.atomic
def send_scheduled(meeting_id: str, kind: str, planned_for: str) -> str:
    """Send the call for cases, the digest or the reminder, if it is still due. Returns
    what happened (for the task result and tests). Re-checks everything: a moved or
    cancelled meeting, the group's current call and digest days (a task enqueued for an
    earlier setting finds its mail not due yet and leaves it to the rescheduled task),
    and whether this mail already went out (then nothing is sent twice)."""
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown meeting mail {kind!r}")
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("group").filter(pk=meeting_id).first()
    if meeting is None or not meeting.is_active:
        return "skipped: not planned"
    if meeting.starts_at != datetime.fromisoformat(planned_for):
        return "skipped: moved"  # the move enqueued a new task for the new time
    if getattr(meeting, f"{kind}_sent_at") is not None:
        return "skipped: already sent"
    now = timezone.now()
    if now >= meeting.starts_at:
        return "skipped: too late"
    due = due_times(meeting)
    if now < due[kind]:
        return "skipped: not due yet"  # the settings moved it later; its new task sends it
    if kind == "call":
        if now >= due["digest"] or meeting.digest_sent_at:
            return "skipped: digest time passed"
        notifications.call_for_cases(meeting, due["digest"])
        meeting.call_sent_at = now
        meeting.save(update_fields=["call_sent_at", "updated_at"])
    elif kind == "digest":
        signals.digest_due.send(Meeting, meeting=meeting)
        meeting.digest_sent_at = now
        meeting.save(update_fields=["digest_sent_at", "updated_at"])
    else:
        notifications.reminder(meeting)
        meeting.reminder_sent_at = now
        meeting.save(update_fields=["reminder_sent_at", "updated_at"])
    audit(SENT_EVENTS[kind], None, meeting, planned_for=planned_for)
    return "sent"
