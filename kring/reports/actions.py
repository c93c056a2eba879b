"""The write path of the reports area (evidence documents: kring.reports.evidence).
Every function takes the acting person first, validates, writes in one transaction,
leaves one audit entry and has its mail composed by ``notifications``."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Registration, User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.core.tasks import enqueue_after_commit
from kring.groups.models import IntervisionGroup
from kring.groups.roles import circle_people, is_staff, members, reach
from kring.meetings.models import Meeting, MeetingStatus
from kring.reports import drafting, events, notifications, queries, sheet_checks, signals
from kring.reports.models import (
    Attendance,
    AttendanceMode,
    AttendanceSheet,
    AttendanceStatus,
    EvaluationAnswer,
    EvaluationMarker,
    GroupFee,
    RegisterRule,
    RegistrationCycle,
    Report,
    ReportCasePart,
    ReportStatus,
)
from kring.reports.record import MeetingRecord

MAX_TEXT = 20_000
PART_FIELDS = ("title", "question", "advice", "learning_points", "intended_action")
SCORES = ("usefulness", "safety", "collaboration", "problem_solving", "confidence", "self_awareness")


def _check_text(**texts: str) -> None:
    for value in texts.values():
        if len(value or "") > MAX_TEXT:
            raise Refused(_("A text is too long (at most %(n)d characters).") % {"n": MAX_TEXT})


def _require_facilitator(actor: User, group: IntervisionGroup) -> None:
    if not reach(actor, group).can_facilitate:
        raise Refused(_("Only the group's facilitator can do this."))


def _require_held(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise Refused(_("This meeting was cancelled."))
    if meeting.starts_at > timezone.now():
        raise Refused(_("This meeting has not taken place yet."))


def _lock_held_meeting(actor: User, meeting: Meeting) -> Meeting:
    """The meeting, locked, once it is clear the actor facilitates it and it took place."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_facilitator(actor, meeting.group)
    _require_held(meeting)
    return meeting


# --- Report ---------------------------------------------------------------------------

@transaction.atomic
def draft_report(actor: User, meeting: Meeting, record: MeetingRecord) -> Report:
    """Draft the report from the meeting record. Drafting twice keeps the first draft:
    nobody's edits are overwritten by a double click."""
    meeting = _lock_held_meeting(actor, meeting)
    existing = Report.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    if record.still_running:
        # A draft is made once: drafted now, it would never take over what is still written.
        raise Refused(_("The live meeting is still running. Draft the report once the chair has finished it, "
                        "so that it takes over everything the note-taker wrote."))
    draft = drafting.draft_report(record)
    note_taker = record.note_taker if record.note_taker and reach(record.note_taker, meeting.group).in_circle else None
    report = Report.objects.create(meeting=meeting, summary=draft.summary, phases=draft.phases, yields=draft.yields,
                                   note_taker=note_taker)
    for position, part in enumerate(draft.parts):
        _request_approval(ReportCasePart.objects.create(
            report=report, case=part.case, bringer=part.bringer, position=position, title=part.title[:160],
            question=part.question, advice=part.advice, learning_points=part.learning_points,
            intended_action=part.intended_action,
        ))
    audit(events.REPORT_DRAFTED, actor, report, meeting=str(meeting.pk), parts=len(draft.parts))
    return report


def _request_approval(part: ReportCasePart) -> None:
    """Ask the bringer (mail now, a reminder later) to approve her part. Inside the
    caller's transaction: the mail and the reminder exist only if the change commits."""
    if not part.bringer.is_active:
        return  # an account that was closed gets no mail; the part waits for the facilitator
    part.approval_requested_at = timezone.now()
    part.save(update_fields=["approval_requested_at", "updated_at"])
    notifications.approval_requested(part, reminder=False)
    enqueue_after_commit(
        "kring.reports.tasks.approval_reminder", str(part.pk), part.approval_requested_at.isoformat(),
        run_after=part.approval_requested_at + timedelta(hours=settings.KRING_REPORT_APPROVAL_REMINDER_HOURS),
    )


@transaction.atomic
def remind_approval(actor: User | None, part_id: str, requested_at: str) -> str:
    """The reminder task: remind the bringer once, unless she approved, the report was
    sent, or she has been asked again since (that request has a reminder of its own)."""
    part = (ReportCasePart.objects.select_for_update(of=("self",)).select_related("report__meeting__group", "bringer")
            .filter(pk=part_id).first())
    if part is None or part.report.is_sent or part.approved_at is not None:
        return "not needed"
    if part.approval_requested_at is None or part.approval_requested_at.isoformat() != requested_at:
        return "superseded"
    if not part.bringer.is_active or not reach(part.bringer, part.report.meeting.group).in_circle:
        return "not in the group"
    notifications.approval_requested(part, reminder=True)
    audit(events.APPROVAL_REMINDED, actor, part, report=str(part.report_id))
    return "reminded"


@transaction.atomic
def update_report(actor: User, report: Report, *, version: int, summary: str, phases: str, yields: str,
                  note_taker: User | None, parts: dict[str, dict[str, str]]) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("meeting__group").get(pk=report.pk)
    if not queries.can_edit_report(actor, report):
        raise Refused(_("Only the facilitator or the note-taker can edit this report."))
    if report.is_sent:
        raise Refused(_("This report has been sent; it can no longer be changed."))
    if version != report.version:
        raise Refused(_("Someone else changed this report in the meantime. Your changes were not saved; reload the page and try again."))
    _check_text(summary=summary, phases=phases, yields=yields, **{f"{k}{f}": v.get(f, "") for k, v in parts.items() for f in PART_FIELDS})
    group = report.meeting.group
    if note_taker is not None and not reach(note_taker, group).in_circle:
        raise Refused(_("The note-taker must be in the group."))
    if note_taker != report.note_taker and not reach(actor, group).facilitator:
        raise Refused(_("Only the facilitator can choose the note-taker."))
    report.summary, report.phases, report.yields, report.note_taker = summary, phases, yields, note_taker
    report.version += 1
    report.save()
    reset: list[str] = []
    for part in report.parts.all():
        new = parts.get(str(part.pk))
        if new is None:
            continue
        if not (new.get("title") or "").strip():
            raise Refused(_("Every case needs a title."))
        changed = [f for f in PART_FIELDS if (new.get(f) or "") != getattr(part, f)]
        if changed:
            for f in changed:
                setattr(part, f, new.get(f) or "")
            # The bringer approved a text; a changed text needs their approval again.
            if part.approved_at is not None:
                part.approved_at = None
                reset.append(str(part.pk))
            part.save()
            if str(part.pk) in reset:
                _request_approval(part)
    audit(events.REPORT_EDITED, actor, report, version=report.version, approvals_reset=reset)
    return report


@transaction.atomic
def approve_part(actor: User, part: ReportCasePart) -> ReportCasePart:
    part = ReportCasePart.objects.select_for_update(of=("self",)).select_related("report__meeting__group").get(pk=part.pk)
    if part.bringer_id != actor.pk or not reach(actor, part.report.meeting.group).in_circle:
        raise Refused(_("Only the case bringer can approve the part about their case."))
    if part.report.is_sent:
        raise Refused(_("This report has been sent already."))
    if part.approved_at is None:
        part.approved_at = timezone.now()
        part.save(update_fields=["approved_at", "updated_at"])
    audit(events.CASE_PART_APPROVED, actor, part, report=str(part.report_id))
    return part


@transaction.atomic
def send_report(actor: User, report: Report) -> Report:
    # The row lock makes a second click (or a second editor) wait and then see "sent".
    report = Report.objects.select_for_update(of=("self",)).select_related("meeting__group").get(pk=report.pk)
    if not queries.can_edit_report(actor, report):
        raise Refused(_("Only the facilitator or the note-taker can send this report."))
    if report.is_sent:
        raise Refused(_("This report has been sent already."))
    waiting = [p for p in report.parts.select_related("bringer") if p.approved_at is None]
    if waiting:
        raise Refused(*[
            _("%(name)s has not yet approved the part about “%(title)s”.") % {"name": p.bringer.name, "title": p.title}
            for p in waiting
        ])
    report.status, report.sent_at, report.sent_by = ReportStatus.SENT, timezone.now(), actor
    report.save()
    recipients = [person for person in circle_people(report.meeting.group) if person.is_active]
    notifications.report_sent(report, recipients)
    audit(events.REPORT_SENT, actor, report, recipients=len(recipients))
    return report


# --- Attendance -----------------------------------------------------------------------

def _default_mode(meeting: Meeting) -> str:
    return AttendanceMode.IN_PERSON if meeting.location or not meeting.online_url else AttendanceMode.ONLINE_VIDEO


@transaction.atomic
def prepare_sheet(actor: User, meeting: Meeting, record: MeetingRecord | None) -> AttendanceSheet:
    """Start the attendance sheet, prefilled from the live record when there is one."""
    meeting = _lock_held_meeting(actor, meeting)
    sheet = AttendanceSheet.objects.filter(meeting=meeting).first()
    if sheet is not None:
        return sheet
    present_ids = {p.pk for p in record.present} if record is not None else set()
    use_record = bool(present_ids)
    real = sheet_checks.real_times(meeting, record)
    started, ended = real.start, real.end
    pause = (record.pause_seconds // 60) if record is not None else 0
    sheet = AttendanceSheet.objects.create(
        meeting=meeting, started_at=started, ended_at=ended, break_minutes=max(pause, meeting.break_minutes),
        topics="\n".join(c.case.title for c in (record.cases if record is not None else [])),
    )
    yields = {p.pk: text for p, text in (record.yields if record is not None else [])}
    learning = {c.bringer.pk: "\n".join(c.learning_points) for c in (record.cases if record is not None else [])}
    for person in members(meeting.group):
        status = AttendanceStatus.PRESENT if (not use_record or person.pk in present_ids) else AttendanceStatus.ABSENT
        Attendance.objects.create(
            sheet=sheet, person=person, status=status, mode=_default_mode(meeting),
            learning_goals=learning.get(person.pk) or yields.get(person.pk, ""),
        )
    audit(events.ATTENDANCE_PREPARED, actor, sheet, from_record=use_record)
    return sheet


@transaction.atomic
def update_attendance(actor: User, sheet: AttendanceSheet, *, started_at: datetime, ended_at: datetime,
                      break_minutes: int, topics: str, lines: dict[str, dict[str, Any]], confirm: bool,
                      reason: str = "", record: MeetingRecord | None = None) -> AttendanceSheet:
    """Save (or confirm) the attendance. Times must lie within the meeting's real times
    (``record``: its live run) unless a reason is given, and never in the future; a change
    to a confirmed sheet withdraws the confirmation: certificates count confirmed times only."""
    sheet = AttendanceSheet.objects.select_for_update(of=("self",)).select_related("meeting__group").get(pk=sheet.pk)
    _require_facilitator(actor, sheet.meeting.group)
    reason = reason.strip()
    _check_text(topics=topics, reason=reason)
    if ended_at <= started_at:
        raise Refused(_("The end must be after the start."))
    if ended_at - started_at > timedelta(hours=12):
        raise Refused(_("A meeting cannot last longer than 12 hours."))
    if break_minutes < 0 or break_minutes >= (ended_at - started_at).total_seconds() / 60:
        raise Refused(_("The breaks must be shorter than the meeting."))
    in_future = sheet_checks.future(started_at, ended_at, timezone.now())
    if in_future:
        raise Refused(*in_future)
    outside = sheet_checks.deviations(sheet_checks.real_times(sheet.meeting, record), started_at, ended_at)
    if outside and not reason:
        raise Refused(*outside, _("If these times are right, give the reason and save again."))
    problems: list[str] = []
    by_id = {str(line.pk): line for line in sheet.lines.select_related("person")}
    before = sheet_checks.snapshot(sheet, list(by_id.values()))
    for line_id, values in lines.items():
        line = by_id.get(line_id)
        if line is None:
            continue
        status, mode = values["status"], values["mode"]
        start, until = values.get("present_from"), values.get("present_until")
        if status == AttendanceStatus.PARTLY:
            start, until = start or started_at, until or ended_at
            if not (started_at <= start < until <= ended_at):
                problems.append(_("%(name)s: partly present needs a from–to time within the meeting.") % {"name": line.person.name})
                continue
        else:
            start = until = None
        line.status, line.mode, line.present_from, line.present_until = status, mode, start, until
    if problems:
        raise Refused(*problems)
    for line in by_id.values():
        line.save()
    sheet.started_at, sheet.ended_at, sheet.break_minutes, sheet.topics = started_at, ended_at, break_minutes, topics
    changed = sheet_checks.changes(before, sheet_checks.snapshot(sheet, list(by_id.values())))
    withdrawn = bool(changed) and sheet.is_confirmed and not confirm
    if confirm:
        sheet.confirmed_at, sheet.confirmed_by = timezone.now(), actor
    elif withdrawn:
        sheet.confirmed_at, sheet.confirmed_by = None, None
    sheet.save()
    if confirm:
        signals.attendance_confirmed.send(sender=AttendanceSheet, sheet=sheet)
    audit(events.ATTENDANCE_CONFIRMED if confirm else events.ATTENDANCE_SAVED, actor, sheet, lines=len(by_id),
          changes=changed, reason=reason if outside else "", confirmation_withdrawn=withdrawn)
    return sheet


@transaction.atomic
def set_learning_goals(actor: User, line: Attendance, text: str) -> Attendance:
    line = Attendance.objects.select_for_update().get(pk=line.pk)
    if line.person_id != actor.pk:
        raise Refused(_("You can only write your own learning goals."))
    _check_text(text=text)
    line.learning_goals = text.strip()
    line.save(update_fields=["learning_goals", "updated_at"])
    audit(events.LEARNING_GOALS_SET, actor, line)
    return line


# --- Register rules, cycles, fees -----------------------------------------------------

RULE_FIELDS = (
    "cycle_years", "required_hours", "points_per_hour", "online_counts", "online_requires_video",
    "min_meeting_minutes", "min_participants", "max_participants", "min_meetings_per_year",
    "supervisor_signature_required", "lists_co_participants", "notes",
)


@transaction.atomic
def update_rule(actor: User, rule: RegisterRule, fields: dict[str, Any], sources: dict[str, str]) -> RegisterRule:
    if not is_staff(actor):
        raise Refused(_("Only Kring staff can change register rules."))
    rule = RegisterRule.objects.select_for_update().get(pk=rule.pk)
    lo, hi = fields.get("min_participants"), fields.get("max_participants")
    if lo and hi and lo > hi:
        raise Refused(_("The minimum number of participants cannot be larger than the maximum."))
    _check_text(notes=fields.get("notes", ""), **sources)
    changed = sorted(k for k in RULE_FIELDS if k in fields and getattr(rule, k) != fields[k])
    for key in changed:
        setattr(rule, key, fields[key])
    rule.sources = {k: v.strip() for k, v in sources.items() if k in RULE_FIELDS and v and v.strip()}
    rule.full_clean()
    rule.save()
    audit(events.REGISTER_RULE_UPDATED, actor, rule, fields=changed)
    return rule


@transaction.atomic
def set_cycle_start(actor: User, registration: Registration, starts_on: date) -> RegistrationCycle:
    if registration.person_id != actor.pk:
        raise Refused(_("You can only set your own cycle."))
    if starts_on > timezone.localdate():
        raise Refused(_("The cycle cannot start in the future."))
    cycle, _created = RegistrationCycle.objects.update_or_create(registration=registration, defaults={"starts_on": starts_on})
    audit(events.CYCLE_SET, actor, cycle, starts_on=starts_on.isoformat())
    return cycle


FEE_FIELDS = ("basis", "amount", "vat_included", "vat_rate", "payer", "track_starts_on")


@transaction.atomic
def set_fee(actor: User, group: IntervisionGroup, **fields: Any) -> GroupFee:
    group = IntervisionGroup.objects.select_for_update().get(pk=group.pk)
    if not reach(actor, group).can_manage:
        raise Refused(_("Only the facilitator or a coordinator can set the fee."))
    fee = GroupFee.objects.filter(group=group).first() or GroupFee(group=group)
    for key in FEE_FIELDS:
        if key in fields:
            setattr(fee, key, fields[key])
    fee.full_clean()
    fee.save()
    audit(events.FEE_SET, actor, fee, **{k: str(fields.get(k)) for k in FEE_FIELDS if k in fields})
    return fee


# --- Evaluation -----------------------------------------------------------------------

def _store_shuffled(meeting: Meeting, answer: EvaluationAnswer) -> None:
    """Write the meeting's answers anew, in the order of fresh random ids. Markers are
    inserted in the order people answer; were answers too, the database's own row order
    (SQLite's rowid, PostgreSQL's ctid) would pair them up. Re-inserted together, every
    answer of the meeting also gets the same PostgreSQL xmin, so no transaction id points
    at one answer either."""
    answers = [*EvaluationAnswer.objects.filter(meeting=meeting), answer]
    EvaluationAnswer.objects.filter(meeting=meeting).delete()
    for each in answers:
        each.pk = uuid.uuid4()
    EvaluationAnswer.objects.bulk_create(sorted(answers, key=lambda each: each.pk))


def answer_evaluation(actor: User, meeting: Meeting, scores: dict[str, int], comment: str) -> None:
    """Store an anonymous answer and, separately, that this person has answered."""
    if not reach(actor, meeting.group).can_bring_case:
        raise Refused(_("Only members of the group can evaluate its meetings."))
    _require_held(meeting)
    _check_text(comment=comment)
    if set(scores) != set(SCORES) or any(not isinstance(v, int) or not 1 <= v <= 5 for v in scores.values()):
        raise Refused(_("Give every question a score from 1 to 5."))
    try:
        with transaction.atomic():
            EvaluationMarker.objects.create(meeting=meeting, person=actor)
            _store_shuffled(meeting, EvaluationAnswer(meeting=meeting, owner_tag=queries.owner_tag(actor, meeting),
                                                      comment=comment.strip(), **scores))
            # The audit names the meeting, never the answer: that would undo the anonymity.
            audit(events.EVALUATION_ANSWERED, actor, meeting)
    except IntegrityError:
        raise Refused(_("You have already evaluated this meeting.")) from None
