"""Pages of date polls: propose, answer (made for a phone), remind, close."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.core.errors import Refused
from kring.groups.queries import reach
from kring.meetings import poll_actions, queries
from kring.meetings.forms import AnswerForm, CloseForm, PollForm
from kring.meetings.models import PollStatus
from kring.meetings.views import _organiser_group, _refuse


@login_required
def create(request: HttpRequest, group_id: Any) -> HttpResponse:
    group = _organiser_group(request, group_id)
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            poll = poll_actions.create_poll(
                request.user, group, title=d["title"], note=d["note"], deadline=d["deadline_at"],
                options=d["options"], results_public=d["results_public"], location=d["location"],
                online_url=d["online_url"], break_minutes=d["break_minutes"],
            )
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("The poll is open; the members have been asked to answer."))
            return redirect("meetings:poll", poll.pk)
    return render(request, "meetings/poll_form.html", {"form": form, "group": group},
                  status=422 if request.method == "POST" else 200)


def _poll_page(request: HttpRequest, poll: Any, answer_form: AnswerForm | None = None, status: int = 200) -> HttpResponse:
    group_reach = reach(request.user, poll.group)
    can_organise = queries.can_organise(request.user, poll.group, group_reach)
    options = list(poll.options.all())
    tallies = queries.tally(poll)
    mine = {option_id: answers[request.user.pk] for option_id, answers in
            ((t.option.pk, t.answers) for t in tallies) if request.user.pk in answers}
    response = poll.responses.filter(person=request.user).first()
    if answer_form is None and group_reach.in_circle and poll.status == PollStatus.OPEN:
        answer_form = AnswerForm(options=options, current=mine, initial={"comment": response.comment if response else ""})
    suggested = queries.suggestion(tallies)
    ctx = {
        "poll": poll, "group": poll.group, "reach": group_reach, "can_organise": can_organise, "form": answer_form,
        "tallies": tallies, "show_results": queries.results_visible(request.user, poll, group_reach),
        "responses": poll.responses.select_related("person"), "missing": queries.not_answered(poll),
        "answered": response is not None, "suggested": suggested,
        "close_form": CloseForm(options=options, initial={"option": str(suggested.option.pk) if suggested else None})
        if can_organise and poll.status == PollStatus.OPEN else None,
        "people": queries.circle_people(poll.group),
    }
    return render(request, "meetings/poll.html", ctx, status=status)


@login_required
def detail(request: HttpRequest, poll_id: Any) -> HttpResponse:
    poll = queries.get_poll(request.user, poll_id)
    if request.method != "POST":
        return _poll_page(request, poll)
    if not reach(request.user, poll.group).in_circle:
        raise PermissionDenied
    form = AnswerForm(request.POST, options=list(poll.options.all()))
    if form.is_valid():
        try:
            poll_actions.answer_poll(request.user, poll, form.answers(), form.cleaned_data["comment"])
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Thank you, your answers have been saved."))
            return redirect("meetings:poll", poll.pk)
    return _poll_page(request, poll, form, status=422)


def _organiser_poll(request: HttpRequest, poll_id: Any) -> Any:
    poll = queries.get_poll(request.user, poll_id)
    if not queries.can_organise(request.user, poll.group):
        raise PermissionDenied
    return poll


@login_required
@require_POST
def remind(request: HttpRequest, poll_id: Any) -> HttpResponse:
    poll = _organiser_poll(request, poll_id)
    try:
        n = poll_actions.remind_poll(request.user, poll)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A reminder has been sent to %(n)d people.") % {"n": n})
    return redirect("meetings:poll", poll.pk)


@login_required
@require_POST
def close(request: HttpRequest, poll_id: Any) -> HttpResponse:
    poll = _organiser_poll(request, poll_id)
    form = CloseForm(request.POST, options=list(poll.options.all()))
    if not form.is_valid():
        messages.error(request, _("Choose one of the proposed dates."))
        return redirect("meetings:poll", poll.pk)
    try:
        meeting = poll_actions.close_poll(request.user, poll, form.cleaned_data["option"], form.cleaned_data["override"])
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("meetings:poll", poll.pk)
    messages.success(request, _("The poll is closed. The meeting has been planned and everyone is invited."))
    return redirect("meetings:detail", meeting.pk)
