"""Meetings, date polls and attendance: the queries and actions of those areas."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from kring.accounts.models import User
from kring.api import events, scopes
from kring.api.auth import caller
from kring.api.schemas import (
    AttendanceLineOut,
    AttendanceOut,
    ConfirmIn,
    MeetingOut,
    PollAnswerIn,
    PollOptionOut,
    PollOut,
    RegisterProgressOut,
    SheetOut,
)
from kring.api.serialize import PROBLEMS, meeting_out
from kring.audit.actions import log_access
from kring.core.errors import Refused
from kring.groups.roles import reach
from kring.meetings import ics, poll_actions
from kring.meetings import queries as meeting_queries
from kring.meetings.models import DatePoll, Meeting, PollChoice
from kring.reports import actions as report_actions
from kring.reports import hours, progress
from kring.reports import queries as report_queries
from kring.reports.models import AttendanceMode, AttendanceStatus
from kring.reports.record import load_record

router = Router(tags=["meetings"])


def _meeting(request: HttpRequest, meeting_id: UUID) -> Meeting:
    who = caller(request, scopes.READ)
    meeting = meeting_queries.get_meeting(who.person, meeting_id)
    who.within(meeting.group.organisation_id)
    return meeting


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **PROBLEMS}, url_name="meeting", operation_id="meeting",
            summary="One meeting, with a link to its calendar file")
def meeting(request: HttpRequest, meeting_id: UUID) -> MeetingOut:
    return meeting_out(request, _meeting(request, meeting_id))


@router.get("/meetings/{meeting_id}/ics", response={200: str, **PROBLEMS}, url_name="meeting_ics", operation_id="meeting_ics",
            summary="The meeting as an iCalendar file (text/calendar)",
            openapi_extra={"responses": {"200": {"description": "OK", "content": {"text/calendar": {"schema": {"type": "string"}}}}}})
def meeting_ics(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    found = _meeting(request, meeting_id)
    body = ics.feed([found], found.group.name, caller(request, scopes.READ).person)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kring-{found.pk}.ics"'
    return response


def _poll_out(poll: DatePoll, mine: dict[Any, str]) -> PollOut:
    return PollOut(
        id=poll.pk, group_id=poll.group_id, title=poll.title, deadline=poll.deadline, status=poll.status,
        options=[PollOptionOut(id=o.pk, starts_at=o.starts_at, ends_at=o.ends_at, my_answer=mine.get(o.pk))
                 for o in poll.options.order_by("starts_at")],
    )


def _my_answers(person: User, polls: list[DatePoll]) -> dict[Any, str]:
    choices = PollChoice.objects.filter(response__poll__in=polls, response__person=person)
    return dict(choices.values_list("option_id", "answer"))


@router.get("/me/polls", response={200: list[PollOut], **PROBLEMS}, url_name="my_polls", operation_id="my_polls",
            summary="Date polls of my groups, with my answers")
def my_polls(request: HttpRequest) -> list[PollOut]:
    who = caller(request, scopes.READ)
    polls = list(meeting_queries.circle_polls(who.person).order_by("-deadline"))
    mine = _my_answers(who.person, polls)
    return [_poll_out(p, mine) for p in polls]


@router.post("/polls/{poll_id}/answers", response={200: PollOut, **PROBLEMS}, url_name="answer_poll",
             operation_id="answer_poll", summary="Answer a date poll (yes, maybe or no for every date)")
def answer_poll(request: HttpRequest, poll_id: UUID, body: PollAnswerIn) -> PollOut:
    who = caller(request, scopes.RESPOND)
    poll = meeting_queries.get_poll(who.person, poll_id)
    poll_actions.answer_poll(who.person, poll, dict(body.answers), body.comment)
    return _poll_out(poll, _my_answers(who.person, [poll]))


@router.get("/me/attendance", response={200: AttendanceOut, **PROBLEMS}, url_name="my_attendance",
            operation_id="my_attendance", summary="My attendance, and my hours per register")
def my_attendance(request: HttpRequest) -> AttendanceOut:
    who = caller(request, scopes.READ)
    person = who.person
    log_access(events.ATTENDANCE_READ, person, None, subject=person, on_behalf_of="api")
    lines = [
        AttendanceLineOut(meeting_id=line.sheet.meeting_id, group_id=line.sheet.meeting.group_id, date=line.sheet.started_at,
                          status=line.status, mode=line.mode, confirmed=line.sheet.is_confirmed,
                          net_minutes=hours.net_minutes(line, line.sheet))
        for line in progress.lines_of(person)
    ]
    registers = []
    for registration in person.registrations.select_related("register"):
        p = progress.progress(registration)
        registers.append(RegisterProgressOut(
            register_code=registration.register.code, cycle_start=p.cycle_start.isoformat() if p.cycle_start else None,
            cycle_end=p.cycle_end.isoformat() if p.cycle_end else None, counted_hours=p.counted_hours,
            points=p.points, required_hours=p.required,
        ))
    return AttendanceOut(lines=lines, registers=registers)


@router.post("/meetings/{meeting_id}/attendance/confirm", response={200: SheetOut, **PROBLEMS},
             url_name="confirm_attendance", operation_id="confirm_attendance",
             summary="Confirm the attendance of a held meeting (facilitators)")
def confirm_attendance(request: HttpRequest, meeting_id: UUID, body: ConfirmIn) -> SheetOut:
    who = caller(request, scopes.ATTENDANCE)
    found = report_queries.get_circle_meeting(who.person, meeting_id)
    if not reach(who.person, found.group).can_facilitate:
        raise PermissionDenied
    sheet = report_queries.sheet_of(found) or report_actions.prepare_sheet(who.person, found, load_record(found))
    current = {str(line.pk): {"status": line.status, "mode": line.mode} for line in sheet.lines.all()}
    for line_id, values in body.lines.items():
        if line_id not in current:
            raise Refused(_("One of the attendance lines is not part of this meeting."))
        status, mode = values.get("status", current[line_id]["status"]), values.get("mode", current[line_id]["mode"])
        if status not in AttendanceStatus.values or mode not in AttendanceMode.values:
            raise Refused(_("Choose a status and a way of taking part from the allowed values."))
        current[line_id] = {"status": status, "mode": mode}
    sheet = report_actions.update_attendance(
        who.person, sheet, started_at=sheet.started_at, ended_at=sheet.ended_at, break_minutes=sheet.break_minutes,
        topics=sheet.topics, lines=current, confirm=True,
    )
    lines = list(sheet.lines.all())
    return SheetOut(meeting_id=found.pk, confirmed_at=sheet.confirmed_at, present=sum(1 for x in lines if x.attended),
                    lines=len(lines))
