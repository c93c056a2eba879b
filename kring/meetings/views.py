from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kring.accounts.http import AuthenticatedRequest
from kring.accounts.models import User
from kring.core.http import attempt
from kring.groups.models import IntervisionGroup
from kring.groups.queries import get_group
from kring.groups.roles import circle_groups, circle_people, managed_groups, reach
from kring.meetings import actions, ics, queries
from kring.meetings.forms import MeetingForm, ReplyForm, SeriesForm, SettingsForm
from kring.meetings.models import Meeting, MeetingStatus, Reply


def _organiser_group(request: AuthenticatedRequest, group_id: UUID) -> IntervisionGroup:
    group = get_group(request.user, group_id)
    if not reach(request.user, group).can_plan_meetings:
        raise PermissionDenied
    return group


def _warn_gaps(request: AuthenticatedRequest, group: IntervisionGroup) -> None:
    if queries.gaps(group):
        messages.warning(request, _("Some meetings of this group are more than eight weeks apart; the SKJ guideline asks for at most eight weeks."))


@login_required
def group_list(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    group = get_group(request.user, group_id)
    group_reach = reach(request.user, group)
    now = timezone.now()
    meetings = queries.group_meetings(group)
    ctx = {
        "group": group, "reach": group_reach, "can_plan": group_reach.can_plan_meetings,
        # A meeting marked as held is earlier, even on its own evening.
        "upcoming": meetings.filter(ends_at__gte=now).exclude(status=MeetingStatus.HELD),
        "past": meetings.filter(Q(ends_at__lt=now) | Q(status=MeetingStatus.HELD)).order_by("-starts_at")[:20],
        "gaps": queries.gaps(group), "polls": group.date_polls.all()[:10] if group_reach.in_circle else [],
        "settings": queries.settings_for(group),
    }
    return render(request, "meetings/group_list.html", ctx)


def _month(value: str | None) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return date(year, month, 1) if 1900 < year < 3000 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
def month(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    group = get_group(request.user, group_id)
    first = _month(request.GET.get("maand"))
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    for meeting in group.meetings.filter(starts_at__date__gte=weeks[0][0], starts_at__date__lte=weeks[-1][-1]):
        by_day[timezone.localdate(meeting.starts_at)].append(meeting)
    prev_month = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_month = (first.replace(day=28) + timedelta(days=5)).replace(day=1)
    ctx = {
        "group": group, "first": first, "prev": prev_month, "next": next_month,
        "weeks": [[(d, by_day.get(d, []), d.month == first.month) for d in week] for week in weeks],
        "weekdays": weeks[0],
    }
    return render(request, "meetings/month.html", ctx)


def _meeting_form_view(request: AuthenticatedRequest, group_id: UUID, form_class: type[MeetingForm]) -> HttpResponse:
    group = _organiser_group(request, group_id)
    initial = {"agenda": queries.settings_for(group).agenda_template}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields, data = form.meeting_fields(), form.cleaned_data
        if form_class is SeriesForm:
            planned = attempt(request, lambda: actions.create_series(
                request.user, group, interval_weeks=data["interval_weeks"], count=data["count"], **fields,
            ), form=form, success=ngettext("%(n)d meeting has been planned and everyone is invited.",
                                      "%(n)d meetings have been planned and everyone is invited.", data["count"]) % {"n": data["count"]}).ok
        else:
            planned = attempt(request, lambda: actions.create_meeting(request.user, group, **fields), form=form,
                              success=_("The meeting has been planned and everyone is invited.")).ok
        if planned:
            _warn_gaps(request, group)
            return redirect("meetings:group_list", group.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "meetings/meeting_form.html",
                  {"form": form, "group": group, "series": form_class is SeriesForm}, status=status)


@login_required
def create(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    return _meeting_form_view(request, group_id, MeetingForm)


@login_required
def create_series(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    return _meeting_form_view(request, group_id, SeriesForm)


@login_required
def group_settings(request: AuthenticatedRequest, group_id: UUID) -> HttpResponse:
    group = _organiser_group(request, group_id)
    form = SettingsForm(request.POST or None, instance=queries.settings_for(group))
    if request.method == "POST" and form.is_valid():
        saved = attempt(request, lambda: actions.update_settings(request.user, group, **form.cleaned_data), form=form,
                        success=_("The settings have been saved."))
        if saved.ok:
            return redirect("meetings:group_list", group.pk)
    return render(request, "meetings/settings.html", {"form": form, "group": group},
                  status=422 if request.method == "POST" else 200)


@login_required
def detail(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    """The meeting page; other areas add their sections through the slots
    ``meeting_detail`` (after the facts) and ``meeting_detail_end`` (after "Who comes")."""
    meeting = queries.get_meeting(request.user, meeting_id)
    group_reach = reach(request.user, meeting.group)
    can_plan = group_reach.can_plan_meetings
    answers = queries.replies(meeting)
    people = [(p, answers.get(p.pk)) for p in circle_people(meeting.group)]
    ctx = {
        "meeting": meeting, "group": meeting.group, "reach": group_reach, "can_plan": can_plan, "people": people,
        "my_reply": answers.get(request.user.pk), "reply_form": ReplyForm(initial={"answer": answers.get(request.user.pk)}),
        "can_reply": group_reach.in_circle and meeting.is_active and meeting.ends_at > timezone.now(),
        "failed": list(queries.failed_mail(meeting)) if can_plan else [],
        "attending": sum(1 for a in answers.values() if a == Reply.ATTENDING),
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/detail.html", ctx)


@login_required
def edit(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    if not reach(request.user, meeting.group).can_plan_meetings:
        raise PermissionDenied
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        changed = attempt(request, lambda: actions.change_meeting(request.user, meeting, **form.meeting_fields()), form=form,
                          success=_("The meeting has been changed."))
        if changed.ok:
            _warn_gaps(request, meeting.group)
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "group": meeting.group, "meeting": meeting},
                  status=422 if request.method == "POST" else 200)


def _post_action(request: AuthenticatedRequest, meeting_id: UUID, action: Callable[[User, Meeting], Meeting],
                 done: str) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    if not reach(request.user, meeting.group).can_plan_meetings:
        raise PermissionDenied
    attempt(request, lambda: action(request.user, meeting), success=done)
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    return _post_action(request, meeting_id, actions.cancel_meeting, _("The meeting has been cancelled and everyone has been told."))


@login_required
@require_POST
def held(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    return _post_action(request, meeting_id, actions.mark_held, _("The meeting is marked as held."))


@login_required
@require_POST
def reply(request: AuthenticatedRequest, meeting_id: UUID) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    if not reach(request.user, meeting.group).in_circle:
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose attending or not attending."))
    else:
        attempt(request, lambda: actions.reply(request.user, meeting, form.cleaned_data["answer"]),
                success=_("Thank you, your answer has been saved."))
    return redirect("meetings:detail", meeting.pk)


@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Everything upcoming across the groups a person is in or manages. The cases column
    comes from the cases area (one query for all meetings: see overview.html)."""
    person = request.user
    groups = IntervisionGroup.objects.filter(Q(pk__in=managed_groups(person)) | Q(pk__in=circle_groups(person)))
    circle_ids = set(circle_groups(person).values_list("pk", flat=True))
    # Ordered explicitly: a query with an aggregate does not use Meta.ordering.
    meetings = list(queries.upcoming(Meeting.objects.filter(group__in=groups)).select_related("group").annotate(
        yes_count=Count("replies", filter=Q(replies__answer=Reply.ATTENDING), distinct=True),
    ).order_by("starts_at"))
    # Polls belong to the circle (answers can be personal): not shown to coordinators.
    polls = queries.open_polls(circle_groups(person)).annotate(answered=Count("responses", distinct=True))
    rows = [(m, m.group_id in circle_ids) for m in meetings]
    return render(request, "meetings/overview.html", {"rows": rows, "meetings": meetings, "polls": polls})


def _feed_page(request: AuthenticatedRequest, token: str | None = None) -> HttpResponse:
    url = f"{settings.SITE_URL}{reverse('meetings:feed', args=[token])}" if token else None
    return render(request, "meetings/feed_settings.html", {"feed": queries.my_feed(request.user), "new_url": url})


@login_required
def feed_settings(request: AuthenticatedRequest) -> HttpResponse:
    return _feed_page(request)


@login_required
@require_POST
def feed_rotate(request: AuthenticatedRequest) -> HttpResponse:
    """Answers with the page itself (no redirect): the address exists only in this
    response; Kring keeps nothing but its hash and cannot show it again."""
    token = actions.rotate_feed(request.user)
    response = _feed_page(request, token)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def feed_revoke(request: AuthenticatedRequest) -> HttpResponse:
    actions.revoke_feed(request.user)
    messages.success(request, _("Your calendar address has been switched off."))
    return redirect("meetings:feed_settings")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public by secret token, so calendar apps can subscribe; a wrong or revoked token is 404."""
    person = queries.feed_owner(token)
    if person is None:
        raise Http404
    since = timezone.now() - timedelta(days=365)
    meetings = queries.circle_meetings(person).filter(ends_at__gte=since)
    body = ics.feed(meetings, "Kring", person)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
