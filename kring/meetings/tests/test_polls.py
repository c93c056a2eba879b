from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.core.errors import Refused
from kring.mail.models import OutboxMessage
from kring.meetings import poll_actions, queries
from kring.meetings.forms import PollForm
from kring.meetings.models import DatePoll, Meeting, PollChoice, PollStatus
from kring.meetings.tests.conftest import Circle, local

pytestmark = pytest.mark.django_db


def _poll(circle: Circle, **extra: Any) -> DatePoll:
    options = [(local(d), local(d) + timedelta(hours=2)) for d in (20, 27, 34)]
    fields = {"title": "Volgende bijeenkomst", "deadline": local(10), "options": options, "location": "Utrecht", **extra}
    return poll_actions.create_poll(circle.facilitator, circle.group, **fields)


def _answer(person: User, poll: DatePoll, *answers: str, comment: str = "") -> None:
    ids = [str(o.pk) for o in poll.options.all()]
    poll_actions.answer_poll(person, poll, dict(zip(ids, answers, strict=True)), comment)


def test_members_answer_and_closing_picks_the_suggestion(circle: Circle) -> None:
    poll = _poll(circle)
    anna, bram, chris = circle.members
    _answer(anna, poll, "yes", "maybe", "no", comment="Liever niet op vrijdag")
    _answer(bram, poll, "maybe", "yes", "no")
    _answer(chris, poll, "no", "yes", "no")
    _answer(chris, poll, "maybe", "yes", "no")  # changing an answer replaces it
    tallies = queries.tally(poll)
    assert [(t.yes, t.maybe, t.no) for t in tallies] == [(1, 2, 0), (2, 1, 0), (0, 0, 3)]
    suggested = queries.suggestion(tallies)
    assert suggested is not None and suggested.option == tallies[1].option
    assert [p.pk for p in queries.not_answered(poll)] == [circle.facilitator.pk]
    with pytest.raises(Refused, match="nee"):
        poll_actions.close_poll(circle.facilitator, poll, str(tallies[2].option.pk))
    meeting = poll_actions.close_poll(circle.facilitator, poll, str(tallies[1].option.pk))
    assert meeting.starts_at == tallies[1].option.starts_at and meeting.location == "Utrecht"
    with pytest.raises(Refused):  # a double click does not plan a second meeting
        poll_actions.close_poll(circle.facilitator, poll, str(tallies[1].option.pk))
    assert Meeting.objects.count() == 1
    with pytest.raises(Refused):
        _answer(anna, poll, "yes", "yes", "yes")


def test_a_date_everyone_rejected_needs_an_explicit_override(circle: Circle) -> None:
    poll = _poll(circle)
    for person in circle.members:
        _answer(person, poll, "no", "yes", "yes")
    first = poll.options.all()[0]
    with pytest.raises(Refused):
        poll_actions.close_poll(circle.facilitator, poll, str(first.pk))
    meeting = poll_actions.close_poll(circle.facilitator, poll, str(first.pk), override=True)
    assert meeting.starts_at == first.starts_at


def test_bad_answers_are_refused_and_lose_nothing(circle: Circle) -> None:
    poll = _poll(circle)
    anna = circle.members[0]
    _answer(anna, poll, "yes", "yes", "no")
    ids = [str(o.pk) for o in poll.options.all()]
    for answers in ({ids[0]: "yes"}, {**dict.fromkeys(ids, "yes"), "x": "yes"}, dict.fromkeys(ids, "perhaps")):
        with pytest.raises(Refused):
            poll_actions.answer_poll(anna, poll, answers)
    with pytest.raises(Refused):
        poll_actions.answer_poll(circle.outsider, poll, dict.fromkeys(ids, "yes"))
    with pytest.raises(Refused):
        poll_actions.answer_poll(anna, poll, dict.fromkeys(ids, "yes"), "x" * 2001)
    assert [(t.yes, t.no) for t in queries.tally(poll)] == [(1, 0), (1, 0), (0, 1)]


def test_poll_creation_is_validated(circle: Circle) -> None:
    with pytest.raises(Refused):
        _poll(circle, options=[])
    with pytest.raises(Refused):
        _poll(circle, deadline=local(25))  # after the first date
    with pytest.raises(Refused):
        _poll(circle, options=[(local(-3), local(-3) + timedelta(hours=2))], deadline=local(-5))
    with pytest.raises(Refused):
        _poll(circle, location="", online_url="")
    with pytest.raises(Refused):
        poll_actions.create_poll(circle.members[0], circle.group, title="x", deadline=local(3),
                                 options=[(local(9), local(9) + timedelta(hours=1))], location="Utrecht")


def test_a_member_of_a_self_directed_group_may_organise(circle: Circle) -> None:
    circle.group.chair_rotates = True
    circle.group.save()
    poll = poll_actions.create_poll(circle.members[0], circle.group, title="x", deadline=local(3),
                                    options=[(local(9), local(9) + timedelta(hours=1))], location="Utrecht")
    assert poll.status == PollStatus.OPEN


def test_reminders_go_only_to_those_who_did_not_answer_once_per_round(circle: Circle) -> None:
    poll = _poll(circle)
    _answer(circle.members[0], poll, "yes", "yes", "yes")
    assert poll_actions.remind_poll(circle.facilitator, poll) == 3
    with pytest.raises(Refused, match="uur"):
        poll_actions.remind_poll(circle.facilitator, poll)  # the double click
    reminded = OutboxMessage.objects.filter(kind="kring.meeting.poll_reminder")
    assert sorted(m.to_email for m in reminded) == sorted(p.email for p in [circle.facilitator, *circle.members[1:]])


def test_hidden_results_are_only_for_the_organiser_until_closed(circle: Circle) -> None:
    poll = _poll(circle, results_public=False)
    _answer(circle.members[0], poll, "yes", "no", "no", comment="Dinsdag kan ik echt niet")
    member, facilitator = Client(), Client()
    member.force_login(circle.members[1])
    facilitator.force_login(circle.facilitator)
    url = reverse("meetings:poll", args=[poll.pk])
    assert "Dinsdag kan ik echt niet" not in member.get(url).content.decode()
    assert "Dinsdag kan ik echt niet" in facilitator.get(url).content.decode()
    poll_actions.close_poll(circle.facilitator, poll, str(poll.options.all()[0].pk))
    assert "Dinsdag kan ik echt niet" in member.get(url).content.decode()


def test_answering_through_the_page(circle: Circle) -> None:
    poll = _poll(circle)
    client = Client()
    client.force_login(circle.members[0])
    url = reverse("meetings:poll", args=[poll.pk])
    ids = [o.pk for o in poll.options.all()]
    response = client.post(url, {f"option_{ids[0]}": "yes"})
    assert response.status_code == 422 and "Antwoord ja, eventueel of nee" in response.content.decode()
    response = client.post(url, {f"option_{i}": "maybe" for i in ids} | {"comment": "Ça va — 👍"})
    assert response.status_code == 302
    assert poll.responses.get().comment == "Ça va — 👍"
    outsider = Client()
    outsider.force_login(circle.outsider)
    assert outsider.get(url).status_code == 404
    assert timezone.now() < poll.deadline


def test_after_the_deadline_answers_are_refused_with_a_clear_message(circle: Circle) -> None:
    poll = _poll(circle, deadline=local(10, time(18, 30)))
    anna = circle.members[0]
    _answer(anna, poll, "yes", "yes", "no")
    client = Client()
    client.force_login(anna)
    url = reverse("meetings:poll", args=[poll.pk])
    page = client.get(url).content.decode()
    assert "Antwoord vóór" in page and "18:30" in page and 'name="comment"' in page
    ids = [o.pk for o in poll.options.all()]
    with time_machine.travel(poll.deadline + timedelta(minutes=1), tick=False):
        with pytest.raises(Refused, match="verstreken"):
            _answer(anna, poll, "no", "no", "no")
        page = client.get(url).content.decode()
        assert "is verstreken" in page and 'name="comment"' not in page  # no form any more
        response = client.post(url, {f"option_{i}": "no" for i in ids})
        assert response.status_code == 422 and "is verstreken" in response.content.decode()
        with pytest.raises(Refused):
            poll_actions.remind_poll(circle.facilitator, poll)
        # The organiser can still close it.
        poll_actions.close_poll(circle.facilitator, poll, str(ids[0]))
    assert [(t.yes, t.no) for t in queries.tally(poll)] == [(1, 0), (1, 0), (0, 1)]


def test_the_deadline_can_be_a_date_and_a_time(circle: Circle) -> None:
    day = local(10).date()
    fields = {"title": "Volgende", "deadline": day.isoformat(), "location": "Utrecht", "break_minutes": 15,
              "day_1": local(20).date().isoformat(), "start_1": "19:00", "end_1": "21:00"}
    with_time = PollForm({**fields, "deadline_time": "17:45"})
    assert with_time.is_valid(), with_time.errors
    assert timezone.localtime(with_time.cleaned_data["deadline_at"]).time() == time(17, 45)
    date_only = PollForm(fields)  # as before: the end of that day
    assert date_only.is_valid(), date_only.errors
    assert timezone.localtime(date_only.cleaned_data["deadline_at"]).time() == time(23, 59)


def test_members_can_comment_on_each_date(circle: Circle) -> None:
    poll = _poll(circle)
    ids = [str(o.pk) for o in poll.options.all()]
    anna, bram = circle.members[:2]
    poll_actions.answer_poll(anna, poll, dict.fromkeys(ids, "maybe"), "Algemeen",
                             {ids[0]: "Pas na 19:30", ids[2]: "  "})
    with pytest.raises(Refused):
        poll_actions.answer_poll(anna, poll, dict.fromkeys(ids, "yes"), "", {ids[1]: "x" * 301})
    tallies = queries.tally(poll)
    assert [t.comments for t in tallies] == [[("Anna Jansen", "Pas na 19:30")], [], []]
    client = Client()
    client.force_login(bram)
    url = reverse("meetings:poll", args=[poll.pk])
    assert "Pas na 19:30" in client.get(url).content.decode()
    response = client.post(url, {**{f"option_{i}": "yes" for i in ids}, f"comment_{ids[1]}": "Liever online"})
    assert response.status_code == 302
    assert PollChoice.objects.get(response__person=bram, option__pk=ids[1]).comment == "Liever online"
    client.force_login(anna)  # her own comments come back in the form
    assert 'value="Pas na 19:30"' in client.get(url).content.decode()


def test_polls_are_for_the_circle_only(circle: Circle) -> None:
    poll = _poll(circle)
    _answer(circle.members[0], poll, "yes", "no", "no", comment="Ik heb die dag therapie")
    url = reverse("meetings:poll", args=[poll.pk])
    circle.outsider.is_staff = True
    circle.outsider.save()
    for person in (circle.coordinator, circle.outsider):
        client = Client()
        client.force_login(person)
        assert client.get(url).status_code == 404
        for page in (reverse("meetings:group_list", args=[circle.group.pk]), reverse("meetings:overview")):
            assert poll.title not in client.get(page).content.decode()
    with pytest.raises(Refused):
        poll_actions.create_poll(circle.coordinator, circle.group, title="x", deadline=local(3),
                                 options=[(local(9), local(9) + timedelta(hours=1))], location="Utrecht")
    with pytest.raises(Refused):
        poll_actions.remind_poll(circle.coordinator, poll)
    member = Client()
    member.force_login(circle.members[1])
    assert "Ik heb die dag therapie" in member.get(url).content.decode()
    assert poll.title in member.get(reverse("meetings:overview")).content.decode()
