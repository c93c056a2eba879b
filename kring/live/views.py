"""Pages of the live meeting. Everything is for the group's circle only (404 for anyone
else). Writes go through the actions; an htmx request gets a fragment or a short error
back, a plain form post a redirect with a message, so it all works without JavaScript."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.actions import log_access
from kring.cases.models import Case
from kring.core.errors import Refused
from kring.core.http import get_in_scope
from kring.groups.queries import get_circle_group
from kring.groups.roles import reach
from kring.live import broadcast, context, queries
from kring.live.actions import flow, setup, vote, writing
from kring.live.forms import AgreementsForm, BlockEditForm, BlockForm, RolesForm, SettingsForm
from kring.live.models import GroupAgreements, LiveSession
from kring.live.record import meeting_record
from kring.live.rotation import next_chair, rotation_order
from kring.meetings.models import Meeting
from kring.meetings.queries import circle_meetings
from kring.methods.queries import methods_for_group


def _done(request: HttpRequest, session: LiveSession, error: Refused | None = None,
          success: str = "") -> HttpResponse:
    if request.headers.get("HX-Request"):
        if error is not None:
            return render(request, "live/_errors.html", {"errors": error.messages}, status=422)
        return HttpResponse(status=204)
    if error is not None:
        for msg in error.messages:
            messages.error(request, msg)
    elif success:
        messages.success(request, success)
    return redirect("live:room", session.pk)


@login_required
def group(request: HttpRequest, group_id: str) -> HttpResponse:
    grp = get_circle_group(request.user, group_id)
    meetings = Meeting.objects.filter(group=grp).select_related("live").order_by("-starts_at")[:30]
    return render(request, "live/group.html", {
        "group": grp, "meetings": meetings, "next_chair": next_chair(grp),
        "rotation": rotation_order(grp) if grp.chair_rotates else [],
        "may_prepare": reach(request.user, grp).can_lead,
        "agreements": GroupAgreements.objects.filter(group=grp).first(),
    })


@login_required
@require_POST
def prepare(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = get_in_scope(circle_meetings(request.user), pk=meeting_id)
    try:
        session = setup.prepare(request.user, meeting)
    except Refused as exc:
        if not reach(request.user, meeting.group).can_lead:
            raise PermissionDenied from exc
        messages.error(request, str(exc))
        return redirect("live:group", meeting.group_id)
    if queries.roles_in(request.user, session).can_organise:
        return redirect("live:setup", session.pk)
    return redirect("live:room", session.pk)


@login_required
def agreements(request: HttpRequest, group_id: str) -> HttpResponse:
    grp = get_circle_group(request.user, group_id)
    current = GroupAgreements.objects.filter(group=grp).first()
    may_edit = reach(request.user, grp).can_lead
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = AgreementsForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            setup.set_agreements(request.user, grp, form.cleaned_data["text"])
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The agreements have been saved."))
            return redirect("live:group", grp.pk)
    return render(request, "live/agreements.html", {"group": grp, "form": form, "may_edit": may_edit,
                                                    "agreements": current})


@login_required
def room(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    ctx = context.room_context(request.user, session)
    ctx["state"] = broadcast.state(session)
    ctx["clock"] = clock_text(ctx["state"]["remaining"])
    return render(request, "live/room.html", ctx)


def clock_text(seconds: int | None) -> str:
    """The countdown as the script shows it (so the page is right before it runs)."""
    if seconds is None:
        return "--:--"
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes:02d}:{secs:02d}"


@login_required
def block(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    return render(request, "live/_block.html", context.block_context(request.user, session))


@login_required
def feed(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    return render(request, "live/_feed.html", context.feed_context(request.user, session))


def _people(session: LiveSession) -> Any:
    return get_user_model().objects.filter(group_memberships__group=session.group).order_by("name")


@login_required
def setup_page(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    if not queries.roles_in(request.user, session).can_organise:
        raise PermissionDenied
    methods = methods_for_group(session.group)
    settings_form = SettingsForm(methods=methods, initial={
        "method": session.method_id, "mode": session.mode, "case_count": session.case_count,
        "votes_per_member": session.votes_per_member, "hide_results": session.hide_results}, prefix="s")
    roles_form = RolesForm(people=_people(session), initial={
        "chair": session.chair_id, "note_taker": session.note_taker_id, "timekeeper": session.timekeeper_id},
        prefix="r")
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "settings":
                settings_form = SettingsForm(request.POST, methods=methods, prefix="s")
                if settings_form.is_valid():
                    setup.configure(request.user, session, **settings_form.cleaned_data)
                    messages.success(request, _("The settings have been saved."))
                    return redirect("live:setup", session.pk)
            elif which == "roles":
                roles_form = RolesForm(request.POST, people=_people(session), prefix="r")
                if roles_form.is_valid():
                    setup.assign_roles(request.user, session, **roles_form.cleaned_data)
                    messages.success(request, _("The roles have been saved."))
                    return redirect("live:setup", session.pk)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect("live:setup", session.pk)
    return render(request, "live/setup.html", {
        "session": session, "group": session.group, "settings_form": settings_form, "roles_form": roles_form,
        "blocks": list(session.blocks.order_by("order")), "block_form": BlockForm(prefix="b"),
    })


@login_required
@require_POST
def agenda_block(request: HttpRequest, session_id: str, block_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    if not queries.roles_in(request.user, session).can_organise:
        raise PermissionDenied
    target = queries.get_block(session, block_id)
    op = request.POST.get("op", "")
    try:
        if op in ("up", "down"):
            setup.move_block(request.user, session, target, 1 if op == "down" else -1)
        elif op in ("skip", "restore"):
            setup.set_skipped(request.user, session, target, op == "skip")
        elif op == "remove":
            setup.remove_block(request.user, session, target)
        elif op == "edit":
            form = BlockEditForm(request.POST, prefix="b")
            if not form.is_valid():
                raise Refused(*[e for errs in form.errors.values() for e in errs])
            setup.edit_block(request.user, session, target, **form.cleaned_data)
        else:
            raise Refused(_("Unknown change."))
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("back") == "room" and "live:room" or "live:setup", session.pk)


@login_required
@require_POST
def agenda_add(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    if not queries.roles_in(request.user, session).can_organise:
        raise PermissionDenied
    form = BlockForm(request.POST, prefix="b")
    try:
        if not form.is_valid():
            raise Refused(*[e for errs in form.errors.values() for e in errs])
        setup.add_block(request.user, session, kind=request.POST.get("kind", "custom"), **form.cleaned_data)
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("live:setup", session.pk)


@login_required
@require_POST
def control(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    minutes: Any = request.POST.get("minutes")
    try:
        minutes = int(minutes) if minutes not in (None, "") else None
        flow.control(request.user, session, request.POST.get("action", ""), minutes=minutes,
                     block_id=request.POST.get("block") or None)
    except ValueError:
        return _done(request, session, Refused(_("Extend by 1 to 60 minutes.")))
    except Refused as exc:
        return _done(request, session, exc)
    return _done(request, session)


@login_required
@require_POST
def ballot(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    op = request.POST.get("op", "")
    try:
        if op == "close":
            vote.close(request.user, session)
            return _done(request, session)
        case = get_in_scope(Case.objects.filter(meeting=session.meeting), pk=request.POST.get("case", ""))
        if op == "cast":
            vote.cast(request.user, session, case)
        elif op == "retract":
            vote.retract(request.user, session, case)
        elif op == "withdraw":
            vote.withdraw(request.user, session, case)
        elif op == "choose":
            vote.choose(request.user, session, case)
        else:
            raise Refused(_("Unknown change."))
    except Refused as exc:
        return _done(request, session, exc)
    return _done(request, session)


@login_required
@require_POST
def write(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    kind, text = request.POST.get("kind", ""), request.POST.get("text", "")
    try:
        target = queries.get_block(session, request.POST["block"]) if request.POST.get("block") else None
        chosen = session.chosen.filter(pk=request.POST["chosen"]).first() if request.POST.get("chosen") else None
        if kind in ("note", "advice") and target is None:
            raise Refused(_("This block is not part of this meeting."))
        if kind in ("learning", "action") and chosen is None:
            raise Refused(_("Only the case bringer writes the learning points of their case."))
        if kind == "note":
            writing.add_note(request.user, session, target, text)  # type: ignore[arg-type]
        elif kind == "advice":
            writing.add_advice(request.user, session, target, text)  # type: ignore[arg-type]
        elif kind == "learning":
            writing.add_learning_point(request.user, session, chosen, text, block=target)  # type: ignore[arg-type]
        elif kind == "action":
            writing.set_intended_action(request.user, session, chosen, text)  # type: ignore[arg-type]
        elif kind == "yield":
            writing.set_yield(request.user, session, text)
        elif kind == "confirm":
            writing.confirm_agreements(request.user, session)
        else:
            raise Refused(_("Unknown change."))
    except Refused as exc:
        return _done(request, session, exc)
    except (ValidationError, ValueError, Http404):  # a malformed or foreign id: same as "not here"
        return _done(request, session, Refused(_("This block is not part of this meeting.")))
    return _done(request, session)


@login_required
@require_POST
def item(request: HttpRequest, session_id: str, item_id: str) -> HttpResponse:
    """Edit (the author) or remove (the author or the chair) a note, advice item, learning
    point or yield while the meeting runs."""
    session = queries.get_session(request.user, session_id)
    op = request.POST.get("op", "")
    try:
        if op == "edit":
            writing.edit_item(request.user, session, item_id, request.POST.get("text", ""))
        elif op == "remove":
            writing.remove_item(request.user, session, item_id)
        else:
            raise Refused(_("Unknown change."))
    except Refused as exc:
        return _done(request, session, exc)
    return _done(request, session)


@login_required
def record(request: HttpRequest, session_id: str) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    log_access("kring.live.record_read", request.user, session)
    return render(request, "live/record.html", {"session": session, "record": meeting_record(session.meeting),
                                                "group": session.group})
