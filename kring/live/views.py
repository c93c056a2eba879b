"""Pages of the live meeting. Everything is for the group's circle only (404 for anyone
else). Writes go through the actions; an htmx request gets a fragment or a short error
back, a plain form post a redirect with a message, so it all works without JavaScript."""
from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.accounts.models import User
from kring.audit.actions import log_access
from kring.cases.models import Case
from kring.core.errors import Refused
from kring.core.http import attempt, get_in_scope
from kring.groups.queries import get_circle_group
from kring.groups.roles import reach
from kring.live import broadcast, context, events, queries
from kring.live.actions import flow, setup, vote, writing
from kring.live.forms import AgreementsForm, BlockEditForm, BlockForm, RolesForm, SettingsForm
from kring.live.models import Block, GroupAgreements, LiveSession
from kring.live.record import meeting_record
from kring.live.rotation import next_chair, rotation_order
from kring.meetings.models import Meeting
from kring.meetings.queries import circle_meetings
from kring.methods.queries import methods_for_group


def _answer(request: AuthenticatedRequest, session: LiveSession, call: Callable[[], object]) -> HttpResponse:
    """Call an action from the room. An htmx request gets 204, or 422 with what was refused
    (a fragment); a plain post goes back to the room, a refusal shown as a message."""
    if request.headers.get("HX-Request"):
        done = attempt(request, call, show=False)
        if done.ok:
            return HttpResponse(status=204)
        return render(request, "live/_errors.html", {"errors": done.refusals}, status=422)
    attempt(request, call)
    return redirect("live:room", session.pk)


def _not_valid(form: BaseForm) -> Refused:
    """A form that does not validate, refused like an action (its errors in one message)."""
    return Refused(" ".join(str(error) for errors in form.errors.values() for error in errors))


@login_required
def group(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
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
def prepare(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = get_in_scope(circle_meetings(request.user), pk=meeting_id)
    may_lead = reach(request.user, meeting.group).can_lead
    # Someone who may not lead gets a 403 for a refusal, not a message.
    session = attempt(request, lambda: setup.prepare(request.user, meeting), show=may_lead).value
    if session is None:  # refused
        if not may_lead:
            raise PermissionDenied
        return redirect("live:group", meeting.group_id)
    if queries.roles_in(request.user, session).can_organise:
        return redirect("live:setup", session.pk)
    return redirect("live:room", session.pk)


@login_required
def agreements(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    grp = get_circle_group(request.user, group_id)
    current = queries.read_agreements(request.user, grp)
    may_edit = reach(request.user, grp).can_lead
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = AgreementsForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: setup.set_agreements(request.user, grp, form.cleaned_data["text"]), form=form,
            success=_("The agreements have been saved.")).ok:
        return redirect("live:group", grp.pk)
    return render(request, "live/agreements.html", {"group": grp, "form": form, "may_edit": may_edit,
                                                    "agreements": current})


@login_required
def room(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
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
def block(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    return render(request, "live/_block.html", context.block_context(request.user, session))


@login_required
def feed(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    return render(request, "live/_feed.html", context.feed_context(request.user, session))


def _people(session: LiveSession) -> QuerySet[User]:
    return User.objects.filter(group_memberships__group=session.group).order_by("name")


def _organised(request: AuthenticatedRequest, session_id: UUID) -> LiveSession:
    """The meeting, for the facilitator or the chair who set it up (else 403)."""
    session = queries.get_session(request.user, session_id)
    if not queries.roles_in(request.user, session).can_organise:
        raise PermissionDenied
    return session


@login_required
def setup_page(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = _organised(request, session_id)
    methods = methods_for_group(session.group)
    settings_form = SettingsForm(methods=methods, initial={
        "method": session.method_id, "mode": session.mode, "case_count": session.case_count,
        "votes_per_member": session.votes_per_member, "hide_results": session.hide_results}, prefix="s")
    roles_form = RolesForm(people=_people(session), initial={
        "chair": session.chair_id, "note_taker": session.note_taker_id, "timekeeper": session.timekeeper_id},
        prefix="r")
    # A change the action refuses comes back to this page with a message.
    which = request.POST.get("form") if request.method == "POST" else None
    if which == "settings":
        settings_form = SettingsForm(request.POST, methods=methods, prefix="s")
        if settings_form.is_valid():
            attempt(request, lambda: setup.configure(request.user, session, **settings_form.cleaned_data),
                    success=_("The settings have been saved."))
            return redirect("live:setup", session.pk)
    elif which == "roles":
        roles_form = RolesForm(request.POST, people=_people(session), prefix="r")
        if roles_form.is_valid():
            attempt(request, lambda: setup.assign_roles(request.user, session, **roles_form.cleaned_data),
                    success=_("The roles have been saved."))
            return redirect("live:setup", session.pk)
    return render(request, "live/setup.html", {
        "session": session, "group": session.group, "settings_form": settings_form, "roles_form": roles_form,
        "blocks": list(session.blocks.order_by("order")), "block_form": BlockForm(prefix="b"),
    })


def _agenda_change(request: AuthenticatedRequest, session: LiveSession, block: Block) -> None:
    op = request.POST.get("op", "")
    if op in ("up", "down"):
        setup.move_block(request.user, session, block, 1 if op == "down" else -1)
    elif op in ("skip", "restore"):
        setup.set_skipped(request.user, session, block, op == "skip")
    elif op == "remove":
        setup.remove_block(request.user, session, block)
    elif op == "edit":
        form = BlockEditForm(request.POST, prefix="b")
        if not form.is_valid():
            raise _not_valid(form)
        setup.edit_block(request.user, session, block, **form.cleaned_data)
    else:
        raise Refused(_("Unknown change."))


@login_required
@require_POST
def agenda_block(request: AuthenticatedRequest, session_id: UUID, block_id: UUID) -> HttpResponse:
    session = _organised(request, session_id)
    target = queries.get_block(session, block_id)
    attempt(request, lambda: _agenda_change(request, session, target))
    return redirect("live:room" if request.POST.get("back") == "room" else "live:setup", session.pk)


@login_required
@require_POST
def agenda_add(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = _organised(request, session_id)
    form = BlockForm(request.POST, prefix="b")

    def add() -> object:
        if not form.is_valid():
            raise _not_valid(form)
        return setup.add_block(request.user, session, kind=request.POST.get("kind", "custom"), **form.cleaned_data)

    attempt(request, add)
    return redirect("live:setup", session.pk)


def _minutes(raw: str | None) -> int | None:
    """The minutes to extend by, as the chair typed them."""
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        raise Refused(_("Extend by 1 to 60 minutes.")) from None


@login_required
@require_POST
def control(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    return _answer(request, session, lambda: flow.control(
        request.user, session, request.POST.get("action", ""), minutes=_minutes(request.POST.get("minutes")),
        block_id=request.POST.get("block") or None))


@login_required
@require_POST
def handover(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    """The facilitator hands the chair's controls over to the chair, or takes them back."""
    session = queries.get_session(request.user, session_id)
    op = request.POST.get("op", "")
    if op not in ("hand_over", "take_back"):
        return _answer(request, session, _unknown)
    hand_over = op == "hand_over"
    attempt(request, lambda: setup.hand_over_controls(request.user, session, hand_over),
            success=_("You have handed the controls over to the chair.") if hand_over
            else _("You have the controls again, beside the chair."))
    return redirect("live:room", session.pk)


# The ballot's changes that concern one case (closing the vote concerns none).
BALLOT: dict[str, Callable[[User, LiveSession, Case], object]] = {
    "cast": vote.cast, "retract": vote.retract, "withdraw": vote.withdraw, "choose": vote.choose,
}


def _unknown() -> None:
    raise Refused(_("Unknown change."))


@login_required
@require_POST
def ballot(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    op = request.POST.get("op", "")
    if op == "close":
        return _answer(request, session, lambda: vote.close(request.user, session))
    case = get_in_scope(Case.objects.filter(meeting=session.meeting), pk=request.POST.get("case", ""))
    change = BALLOT.get(op)
    if change is None:
        return _answer(request, session, _unknown)
    return _answer(request, session, lambda: change(request.user, session, case))


def _write(request: AuthenticatedRequest, session: LiveSession) -> None:
    kind, text = request.POST.get("kind", ""), request.POST.get("text", "")
    target = queries.get_block(session, request.POST["block"]) if request.POST.get("block") else None
    chosen = session.chosen.filter(pk=request.POST["chosen"]).first() if request.POST.get("chosen") else None
    if kind in ("note", "advice"):
        if target is None:
            raise Refused(_("This block is not part of this meeting."))
        if kind == "note":
            writing.add_note(request.user, session, target, text)
        else:
            writing.add_advice(request.user, session, target, text)
    elif kind in ("learning", "action"):
        if chosen is None:
            raise Refused(_("Only the case bringer writes the learning points of their case."))
        if kind == "learning":
            writing.add_learning_point(request.user, session, chosen, text, block=target)
        else:
            writing.set_intended_action(request.user, session, chosen, text)
    elif kind == "yield":
        writing.set_yield(request.user, session, text)
    elif kind == "confirm":
        writing.confirm_agreements(request.user, session)
    else:
        raise Refused(_("Unknown change."))


@login_required
@require_POST
def write(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = queries.get_session(request.user, session_id)

    def call() -> None:
        try:
            _write(request, session)
        except (ValidationError, ValueError, Http404):  # a malformed or foreign id: same as "not here"
            raise Refused(_("This block is not part of this meeting.")) from None

    return _answer(request, session, call)


@login_required
@require_POST
def item(request: AuthenticatedRequest, session_id: UUID, item_id: UUID) -> HttpResponse:
    """Edit (the author) or remove (the author or the chair) a note, advice item, learning
    point or yield while the meeting runs."""
    session = queries.get_session(request.user, session_id)
    op = request.POST.get("op", "")
    if op == "edit":
        return _answer(request, session, lambda: writing.edit_item(request.user, session, item_id, request.POST.get("text", "")))
    if op == "remove":
        return _answer(request, session, lambda: writing.remove_item(request.user, session, item_id))
    return _answer(request, session, _unknown)


@login_required
def record(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    session = queries.get_session(request.user, session_id)
    log_access(events.RECORD_READ, request.user, session)
    return render(request, "live/record.html", {"session": session, "record": meeting_record(session.meeting),
                                                "group": session.group})
