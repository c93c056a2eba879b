"""Reads that used to leave no trace: the look-back on the group page, evaluation comments,
poll comments and the safety agreements each write an access entry, with the reader's
session and client address and the group."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.audit.context import session_ref
from kring.audit.models import AccessEntry
from kring.live import events as live_events
from kring.live.actions import setup
from kring.meetings import events as meetings_events
from kring.meetings import poll_actions
from kring.reports import actions
from kring.reports import events as reports_events
from kring.reports.models import Report, ReportCasePart, ReportStatus
from kring.reports.tests.conftest import Cast
from kring.reports.tests.test_costs_evaluation import SCORES

ADDRESS = "203.0.113.7"


def visit(person: User, url: str) -> Client:
    client = Client(REMOTE_ADDR=ADDRESS)
    client.force_login(person)
    assert client.get(url).status_code == 200
    return client


def entries(event: str) -> list[AccessEntry]:
    return list(AccessEntry.objects.filter(event=event).order_by("seq"))


@pytest.mark.django_db
def test_the_look_back_on_the_group_page_is_a_logged_read_with_session_and_address(cast: Cast) -> None:
    report = Report.objects.create(meeting=cast.meeting, status=ReportStatus.SENT, sent_at=timezone.now())
    ReportCasePart.objects.create(report=report, case=cast.case, bringer=cast.bringer, title=cast.case.title,
                                  learning_points="Eerder mijn grens aangeven", intended_action="Bellen")
    reader = cast.members[1]
    client = visit(reader, reverse("groups:detail", args=[cast.group.pk]))
    (entry,) = entries(reports_events.LOOKBACK_READ)
    assert (entry.reader, entry.subject, entry.group_id) == (reader, cast.bringer, cast.group.pk)
    assert entry.client_address == ADDRESS
    key = client.session.session_key
    assert key and entry.session_ref == session_ref(key) and key not in entry.session_ref  # a ref, never the key


@pytest.mark.django_db
def test_evaluation_comments_are_a_logged_read_that_names_no_author(cast: Cast) -> None:
    for person in cast.members[:3]:
        actions.answer_evaluation(person, cast.meeting, SCORES, "Fijn")
    visit(cast.facilitator, reverse("reports:group_evaluations", args=[cast.group.pk]))
    (entry,) = entries(reports_events.EVALUATION_COMMENTS_READ)
    assert (entry.reader, entry.subject, entry.subject_ref, entry.group_id) == (cast.facilitator, None, "", cast.group.pk)


@pytest.mark.django_db
def test_poll_comments_are_logged_once_per_other_author(cast: Cast) -> None:
    soon = timezone.now() + timedelta(days=20)
    poll = poll_actions.create_poll(cast.facilitator, cast.group, title="Volgende keer", deadline=soon - timedelta(days=5),
                                    options=[(soon, soon + timedelta(hours=2))], location="Utrecht")
    option = str(poll.options.get().pk)
    poll_actions.answer_poll(cast.members[0], poll, {option: "yes"}, "Ik heb die week therapie")
    poll_actions.answer_poll(cast.members[1], poll, {option: "no"}, "", {option: "pas na 19:30"})
    poll_actions.answer_poll(cast.members[2], poll, {option: "yes"}, "")
    reader = cast.members[1]
    visit(reader, reverse("meetings:poll", args=[poll.pk]))
    # Only members[0] wrote something the reader had not written themselves.
    assert [(e.reader, e.subject, e.group_id) for e in entries(meetings_events.POLL_COMMENTS_READ)] == [
        (reader, cast.members[0], cast.group.pk)]


@pytest.mark.django_db
def test_reading_the_safety_agreements_is_logged(cast: Cast) -> None:
    setup.set_agreements(cast.facilitator, cast.group, "Wat hier gezegd wordt, blijft hier.")
    visit(cast.members[2], reverse("live:agreements", args=[cast.group.pk]))
    (entry,) = entries(live_events.AGREEMENTS_READ)
    assert (entry.reader, entry.group_id, entry.client_address) == (cast.members[2], cast.group.pk, ADDRESS)
