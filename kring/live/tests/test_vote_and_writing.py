"""The case vote, what people write, who may read it, and the record for reports."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.models import AccessEntry
from kring.cases.models import CaseStatus
from kring.core.errors import Refused
from kring.live.actions import flow, vote, writing
from kring.live.models import Block, BlockKind
from kring.live.record import meeting_record, previous_learning_points
from kring.live.tests.conftest import Circle
from kring.meetings.models import Meeting, MeetingStatus
from kring.methods.models import Collects


def _to(circle: Circle, kind: str, collects: str | None = None) -> Block:
    blocks = circle.fresh().blocks.filter(kind=kind)
    if collects:
        blocks = blocks.filter(collects=collects)
    block = blocks.order_by("order")[0]
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(block.pk))
    return block


def test_vote_limits_hidden_results_tie_goes_to_the_chair(circle: Circle) -> None:
    a, b, c = circle.members
    flow.control(circle.facilitator, circle.fresh(), "start")
    vote.cast(a, circle.fresh(), circle.cases[1])
    with pytest.raises(Refused, match=r"gestemd|already voted"):
        vote.cast(a, circle.fresh(), circle.cases[1])
    with pytest.raises(Refused):
        vote.cast(a, circle.fresh(), circle.cases[0])  # one vote by default
    with pytest.raises(Refused):
        vote.cast(circle.facilitator, circle.fresh(), circle.cases[0])  # facilitators do not vote
    with pytest.raises(Refused):
        vote.close(a, circle.fresh())  # only the chair closes
    vote.cast(b, circle.fresh(), circle.cases[0])
    # hidden until closed
    client = Client()
    client.force_login(c)
    _to(circle, BlockKind.VOTE)
    page = client.get(reverse("live:feed", args=[circle.session.pk])).content.decode()
    assert "Grenzen stellen" in page and "vote-count" not in page
    assert vote.close(circle.facilitator, circle.fresh()) == []
    session = circle.fresh()
    assert sorted(session.tied_case_ids) == sorted(str(x.pk) for x in circle.cases)
    with pytest.raises(Refused):
        vote.cast(c, session, circle.cases[0])  # closed
    chosen = vote.choose(circle.facilitator, session, circle.cases[1])
    assert chosen.bringer == User.objects.get(pk=circle.cases[1].author_id)
    assert circle.fresh().tied_case_ids == []
    with pytest.raises(Refused):
        vote.choose(circle.facilitator, circle.fresh(), circle.cases[0])


def test_withdraw_only_own_case_and_clear_winner(circle: Circle) -> None:
    a, b, c = circle.members
    with pytest.raises(Refused):
        vote.withdraw(b, circle.fresh(), circle.cases[0])  # not theirs
    vote.cast(c, circle.fresh(), circle.cases[1])
    vote.withdraw(b, circle.fresh(), circle.cases[1])
    assert circle.fresh().votes.count() == 0
    with pytest.raises(Refused):
        vote.cast(c, circle.fresh(), circle.cases[1])
    vote.cast(c, circle.fresh(), circle.cases[0])
    [chosen] = vote.close(circle.facilitator, circle.fresh())
    assert chosen.case == circle.cases[0] and chosen.bringer == a


def test_notes_advice_learning_points_yields_and_the_record(circle: Circle) -> None:
    a, b, c = circle.members
    circle.start_and_choose_first_case(note_taker=c)
    first_phase = _to(circle, BlockKind.PHASE)
    writing.add_note(c, circle.fresh(), first_phase, "  Inbrenger vertelt over de cliënt  ")
    with pytest.raises(Refused):
        writing.add_note(b, circle.fresh(), first_phase, "niet de notulist")
    with pytest.raises(Refused, match="4000"):
        writing.add_note(c, circle.fresh(), first_phase, "x" * 4001)
    with pytest.raises(Refused):
        writing.add_note(c, circle.fresh(), first_phase, "   ")
    advice_block = _to(circle, BlockKind.PHASE, Collects.ADVICE)
    writing.add_advice(b, circle.fresh(), advice_block, "Spreek vaste belmomenten af 📞")
    with pytest.raises(Refused):
        writing.add_advice(a, circle.fresh(), advice_block, "eigen casus")  # the bringer listens
    chosen = circle.fresh().chosen.get()
    writing.add_learning_point(a, circle.fresh(), chosen, "Eerder grenzen benoemen")
    with pytest.raises(Refused):
        writing.add_learning_point(b, circle.fresh(), chosen, "niet van mij")
    writing.set_intended_action(a, circle.fresh(), chosen, "Volgende week belafspraak maken")
    writing.set_yield(b, circle.fresh(), "Herkenning")
    writing.set_yield(b, circle.fresh(), "Herkenning, en moed")  # replaces
    flow.control(circle.facilitator, circle.fresh(), "finish")

    record = meeting_record(circle.meeting)
    assert record.method_name and record.chair == circle.facilitator
    [case] = record.cases
    assert case.bringer == a and case.advice == ["Spreek vaste belmomenten af 📞"]
    assert case.learning_points == ["Eerder grenzen benoemen"]
    assert case.intended_action == "Volgende week belafspraak maken"
    assert record.yields == [(b, "Herkenning, en moed")]
    assert any(p.notes == ["Inbrenger vertelt over de cliënt"] for p in record.phases)
    later = circle.meeting.starts_at + timedelta(days=14)
    previous = previous_learning_points(circle.group, later)
    assert previous is not None and previous.learning_points == ["Eerder grenzen benoemen"]
    assert previous_learning_points(circle.group, circle.meeting.starts_at) is None


def test_record_of_a_meeting_never_run_is_empty(circle: Circle) -> None:
    other = Meeting.objects.create(group=circle.group, starts_at=circle.meeting.starts_at + timedelta(days=1),
                                   ends_at=circle.meeting.ends_at + timedelta(days=1))
    record = meeting_record(other)
    assert (record.cases, record.phases, record.yields, record.present, record.chair) == ([], [], [], [], None)


def test_reads_are_logged_and_outsiders_get_404(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.members[0])
    before = AccessEntry.objects.filter(event="kring.live.notes_read").count()
    assert client.get(reverse("live:room", args=[circle.session.pk])).status_code == 200
    assert AccessEntry.objects.filter(event="kring.live.notes_read").count() == before + 1
    client.force_login(circle.outsider)
    assert client.get(reverse("live:room", args=[circle.session.pk])).status_code == 404


def test_bad_form_input_gets_a_dutch_message(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.members[0])
    flow.control(circle.facilitator, circle.fresh(), "start")
    url = reverse("live:write", args=[circle.session.pk])
    response = client.post(url, {"kind": "note", "block": "not-a-uuid", "text": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "bijeenkomst" in response.content.decode()
    response = client.post(url, {"kind": "yield", "text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "Schrijf eerst iets" in response.content.decode()


def test_group_page_panel_links_to_live_meetings_for_the_circle_only(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.members[0])
    page = client.get(reverse("groups:detail", args=[circle.group.pk])).content.decode()
    assert reverse("live:group", args=[circle.group.pk]) in page
    listing = client.get(reverse("live:group", args=[circle.group.pk])).content.decode()
    assert reverse("live:room", args=[circle.session.pk]) in listing
    assert circle.group.organisation is not None
    coordinator = circle.group.organisation.memberships.get().person
    client.force_login(coordinator)
    page = client.get(reverse("groups:detail", args=[circle.group.pk])).content.decode()
    assert reverse("live:group", args=[circle.group.pk]) not in page


def test_the_vote_and_the_end_of_the_meeting_are_recorded_on_case_and_meeting(circle: Circle) -> None:
    _a, b, _c = circle.members
    flow.control(circle.facilitator, circle.fresh(), "start")
    vote.cast(b, circle.fresh(), circle.cases[0])
    [chosen] = vote.close(circle.facilitator, circle.fresh())
    chosen.case.refresh_from_db()
    assert chosen.case.status == CaseStatus.CHOSEN
    circle.cases[1].refresh_from_db()
    assert circle.cases[1].status == CaseStatus.SUBMITTED
    flow.control(circle.facilitator, circle.fresh(), "finish")
    chosen.case.refresh_from_db()
    circle.meeting.refresh_from_db()
    assert chosen.case.status == CaseStatus.TREATED and circle.meeting.status == MeetingStatus.HELD


def test_the_meeting_page_leads_to_the_live_meeting(circle: Circle) -> None:
    client = Client()
    client.force_login(circle.members[0])
    page = client.get(reverse("meetings:detail", args=[circle.meeting.pk])).content.decode()
    assert reverse("live:room", args=[circle.session.pk]) in page
