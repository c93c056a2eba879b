"""After a poll: its answers become the replies of the meeting; while it is open it is on
each member's dashboard; its results are a grid of people × dates."""
from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.meetings import poll_actions
from kring.meetings.models import DatePoll, MeetingReply, Reply
from kring.meetings.tests.conftest import Circle, local
from kring.site.testing import make_person, put_in_group

pytestmark = pytest.mark.django_db


def _poll(circle: Circle) -> DatePoll:
    options = [(local(d), local(d) + timedelta(hours=2)) for d in (20, 27, 34)]
    return poll_actions.create_poll(circle.facilitator, circle.group, title="Volgende bijeenkomst",
                                    deadline=local(10), options=options, location="Utrecht")


def _answer(person: User, poll: DatePoll, *answers: str, comment: str = "", on_date: dict[int, str] | None = None) -> None:
    ids = [str(o.pk) for o in poll.options.all()]
    comments = {ids[i]: text for i, text in (on_date or {}).items()}
    poll_actions.answer_poll(person, poll, dict(zip(ids, answers, strict=True)), comment, comments)


def _get(person: User, url: str) -> str:
    client = Client()
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_closing_carries_the_answers_on_that_date_over_as_replies(circle: Circle) -> None:
    poll = _poll(circle)
    anna, bram, chris = circle.members
    dana = make_person("Dana Vos")
    put_in_group(circle.group, dana)
    for person in (circle.facilitator, anna, bram, chris):
        _answer(person, poll, "no", "yes", "maybe")
    _answer(dana, poll, "yes", "no", "yes")
    meeting = poll_actions.close_poll(circle.facilitator, poll, str(poll.options.all()[1].pk))
    replies = dict(MeetingReply.objects.filter(meeting=meeting).values_list("person__name", "answer"))
    assert replies == {"Fenna Begeleider": Reply.ATTENDING, "Anna Jansen": Reply.ATTENDING,
                       "Bram de Vries": Reply.ATTENDING, "Chris Smith": Reply.ATTENDING,
                       "Dana Vos": Reply.NOT_ATTENDING}
    page = _get(anna, reverse("meetings:detail", args=[meeting.pk]))
    assert "4 personen hebben ja gezegd" in page


def test_if_need_be_is_not_taken_as_a_reply(circle: Circle) -> None:
    poll = _poll(circle)
    _answer(circle.members[0], poll, "maybe", "yes", "yes")
    meeting = poll_actions.close_poll(circle.facilitator, poll, str(poll.options.all()[0].pk))
    assert not MeetingReply.objects.filter(meeting=meeting).exists()


def test_an_open_poll_is_on_each_members_dashboard(circle: Circle) -> None:
    poll = _poll(circle)
    dashboard = reverse("site:dashboard")
    link = reverse("meetings:poll", args=[poll.pk])
    for person in circle.members:
        page = _get(person, dashboard)
        assert link in page
        assert ("graag antwoorden vóór" if person.language == "nl" else "please answer before") in page
    _answer(circle.members[0], poll, "yes", "yes", "no")
    assert "je hebt geantwoord; wijzigen kan tot" in _get(circle.members[0], dashboard)
    for person in (circle.coordinator, circle.outsider):
        assert link not in _get(person, dashboard)
    poll_actions.close_poll(circle.facilitator, poll, str(poll.options.all()[0].pk))
    assert link not in _get(circle.members[1], dashboard)


class _Tables(HTMLParser):
    """The poll page's grid as rows of (tag, scope, text) cells, and its caption."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = ""
        self.rows: list[list[tuple[Any, ...]]] = []
        self.items: list[str] = []
        self._in: list[str] = []
        self._cell: list[Any] | None = None
        self._comments = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td") and self.rows:
            self._cell = [tag, dict(attrs).get("scope"), ""]
        elif tag == "h3":
            self._comments = False

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()
        if tag in ("th", "td") and self._cell is not None:
            self._cell[2] = " ".join(self._cell[2].split())
            self.rows[-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "caption":
            self.caption += data
        elif self._cell is not None:
            self._cell[2] += " " + data
        elif self._in and self._in[-1] == "h3" and "Opmerkingen" in data:
            self._comments = True
        elif self._comments and self._in and self._in[-1] == "li":
            self.items.append(" ".join(data.split()))


def test_results_are_a_grid_of_people_and_dates_and_comments_only_of_those_who_wrote_one(circle: Circle) -> None:
    poll = _poll(circle)
    anna, bram = circle.members[:2]
    _answer(anna, poll, "yes", "maybe", "no", comment="Liever niet op vrijdag", on_date={1: "Pas na 19:30"})
    _answer(bram, poll, "maybe", "yes", "no")
    parsed = _Tables()
    parsed.feed(_get(circle.facilitator, reverse("meetings:poll", args=[poll.pk])))
    assert " ".join(parsed.caption.split()) == "Antwoorden van 2 personen per datum"
    head, first, second, total = parsed.rows
    assert [c[:2] for c in head] == [("th", "col")] * 4
    assert first[0] == ("th", "row", "Anna Jansen") and second[0] == ("th", "row", "Bram de Vries")
    assert [c[2] for c in first[1:]] == ["✓ ja", "~ eventueel Pas na 19:30", "✗ nee"]
    assert [c[2] for c in second[1:]] == ["~ eventueel", "✓ ja", "✗ nee"]
    assert total[0] == ("th", "row", "Totaal") and total[2][2] == "1 ja, 1 eventueel"
    assert parsed.items == ["Anna Jansen: Liever niet op vrijdag"]
