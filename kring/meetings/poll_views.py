"""Pages of date polls: propose, answer (made for a phone), remind, close."""
from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.core.http import attempt
from kring.groups.queries import get_group
from kring.groups.roles import circle_people, reach
from kring.meetings import poll_actions, queries
from kring.meetings.forms import AnswerForm, CloseForm, PollForm
from kring.meetings.models import DatePoll, PollChoice, PollStatus


@login_required
def create(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    group = get_group(request.user, group_id)
    if not reach(request.user, group).can_run_polls:
        raise PermissionDenied  # polls belong to the circle: not for coordinators or staff
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        opened = attempt(request, lambda: poll_actions.create_poll(
            request.user, group, title=d["title"], note=d["note"], deadline=d["deadline_at"],
            options=d["options"], results_public=d["results_public"], location=d["location"],
            online_url=d["online_url"], break_minutes=d["break_minutes"],
        ), form=form, success=_("The poll is open; the members have been asked to answer."))
        if opened.value is not None:
            return redirect("meetings:poll", opened.value.pk)
    return render(request, "meetings/poll_form.html", {"form": form, "group": group},
                  status=422 if request.method == "POST" else 200)


def _poll_page(request: AuthenticatedRequest, poll: DatePoll, answer_form: AnswerForm | None = None,
               status: int = 200) -> HttpResponse:
    group_reach = reach(request.user, poll.group)
    can_plan = group_reach.can_run_polls
    options = list(poll.options.all())
    tallies = queries.tally(poll)
    response = poll.responses.filter(person=request.user).first()
    deadline_passed = queries.deadline_passed(poll)
    if answer_form is None and group_reach.in_circle and poll.status == PollStatus.OPEN and not deadline_passed:
        mine = {c.option_id: c for c in PollChoice.objects.filter(response=response)} if response else {}
        answer_form = AnswerForm(
            options=options, current={k: c.answer for k, c in mine.items()},
            current_comments={k: c.comment for k, c in mine.items()},
            initial={"comment": response.comment if response else ""},
        )
    suggested = queries.suggestion(tallies)
    show_results = queries.results_visible(poll, group_reach)
    if show_results:
        queries.log_comment_reads(request.user, poll)
    ctx = {
        "poll": poll, "group": poll.group, "reach": group_reach, "can_plan": can_plan, "form": answer_form,
        "deadline": poll_actions.format_deadline(poll), "deadline_passed": deadline_passed,
        "tallies": tallies, "show_results": show_results,
        "grid": queries.poll_grid(poll, tallies) if show_results else [],
        "commented": queries.with_comments(poll) if show_results else [],
        "missing": queries.not_answered(poll),
        "answered": response is not None, "suggested": suggested,
        "close_form": CloseForm(options=options, initial={"option": str(suggested.option.pk) if suggested else None})
        if can_plan and poll.status == PollStatus.OPEN else None,
        "people": circle_people(poll.group),
    }
    return render(request, "meetings/poll.html", ctx, status=status)


@login_required
def detail(request: AuthenticatedRequest, poll_id: UUID) -> HttpResponse:
    poll = queries.get_poll(request.user, poll_id)
    if request.method != "POST":
        return _poll_page(request, poll)
    if not reach(request.user, poll.group).in_circle:
        raise PermissionDenied
    form = AnswerForm(request.POST, options=list(poll.options.all()))
    if form.is_valid() and attempt(request, lambda: poll_actions.answer_poll(
        request.user, poll, form.answers(), form.cleaned_data["comment"], form.date_comments(),
    ), form=form, success=_("Thank you, your answers have been saved.")).ok:
        return redirect("meetings:poll", poll.pk)
    return _poll_page(request, poll, form, status=422)


def _organiser_poll(request: AuthenticatedRequest, poll_id: UUID) -> DatePoll:
    poll = queries.get_poll(request.user, poll_id)
    if not reach(request.user, poll.group).can_run_polls:
        raise PermissionDenied
    return poll


@login_required
@require_POST
def remind(request: AuthenticatedRequest, poll_id: UUID) -> HttpResponse:
    poll = _organiser_poll(request, poll_id)
    reminded = attempt(request, lambda: poll_actions.remind_poll(request.user, poll))
    if reminded.value is not None:
        messages.success(request, ngettext("A reminder has been sent to %(n)d person.", "A reminder has been sent to %(n)d people.",
                                           reminded.value) % {"n": reminded.value})
    return redirect("meetings:poll", poll.pk)


@login_required
@require_POST
def close(request: AuthenticatedRequest, poll_id: UUID) -> HttpResponse:
    poll = _organiser_poll(request, poll_id)
    form = CloseForm(request.POST, options=list(poll.options.all()))
    if not form.is_valid():
        messages.error(request, _("Choose one of the proposed dates."))
        return redirect("meetings:poll", poll.pk)
    closed = attempt(request, lambda: poll_actions.close_poll(
        request.user, poll, form.cleaned_data["option"], form.cleaned_data["override"],
    ), success=_("The poll is closed. The meeting has been planned and everyone is invited."))
    if closed.value is None:
        return redirect("meetings:poll", poll.pk)
    return redirect("meetings:detail", closed.value.pk)
