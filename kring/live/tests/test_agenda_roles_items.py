"""The agenda before and during a meeting, the roles form, the agreements page, changing
what was written, the look-back, and every block in the reader's own language."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.audit.models import AccessEntry, AuditEntry
from kring.core.errors import Refused
from kring.live import broadcast
from kring.live.actions import flow, setup, writing
from kring.live.models import Block, BlockKind, Entry, LiveSession, YieldEntry
from kring.live.tests.conftest import Circle, build_circle
from kring.meetings.models import Meeting
from kring.reports.models import Report, ReportCasePart


def order(session: LiveSession) -> list[str]:
    return [str(b.pk) for b in session.blocks.order_by("order")]


def first_block(session: LiveSession) -> Block:
    return session.blocks.order_by("order")[0]


def client_for(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


# --- The agenda -------------------------------------------------------------------------

def test_agenda_before_the_meeting_through_the_setup_page(circle: Circle) -> None:
    session = circle.fresh()
    web = client_for(circle.facilitator)
    url = lambda b: reverse("live:agenda_block", args=[session.pk, b.pk])  # noqa: E731
    checkin, agreements = session.blocks.order_by("order")[:2]

    assert web.post(url(checkin), {"op": "down"}).status_code == 302
    assert order(circle.fresh())[:2] == [str(agreements.pk), str(checkin.pk)]
    web.post(url(checkin), {"op": "up"})
    web.post(url(checkin), {"op": "up"})  # already first: stays first
    assert order(circle.fresh())[:2] == [str(checkin.pk), str(agreements.pk)]

    web.post(url(agreements), {"op": "skip"})
    assert Block.objects.get(pk=agreements.pk).skipped
    web.post(url(agreements), {"op": "restore"})
    assert not Block.objects.get(pk=agreements.pk).skipped

    # Editing the minutes keeps a standard block's translatable title; a new title sticks.
    web.post(url(checkin), {"op": "edit", "b-title": "Openingsronde", "b-minutes": "7"})
    checkin.refresh_from_db()
    assert (checkin.minutes, checkin.title) == (7, "")
    web.post(url(checkin), {"op": "edit", "b-title": "Rondje hoe gaat het", "b-minutes": "7"})
    assert Block.objects.get(pk=checkin.pk).title == "Rondje hoe gaat het"
    web.post(url(checkin), {"op": "edit", "b-title": "x", "b-minutes": "0"})
    assert Block.objects.get(pk=checkin.pk).minutes == 7  # refused, with a message

    web.post(reverse("live:agenda_add", args=[session.pk]), {"b-title": "Energizer", "b-minutes": "5"})
    added = circle.fresh().blocks.get(title="Energizer")
    assert order(circle.fresh())[-1] == str(added.pk)
    web.post(url(added), {"op": "remove"})
    assert not Block.objects.filter(pk=added.pk).exists()
    names = set(AuditEntry.objects.filter(name__startswith="kring.live.block_").values_list("name", flat=True))
    assert names == {"kring.live.block_moved", "kring.live.block_skipped", "kring.live.block_restored",
                     "kring.live.block_edited", "kring.live.block_added", "kring.live.block_removed"}
    page = web.get(reverse("live:setup", args=[session.pk])).content.decode()
    assert "Rondje hoe gaat het" in page


def test_agenda_during_the_meeting(circle: Circle) -> None:
    chair = circle.facilitator
    session = flow.control(chair, circle.fresh(), "start")
    current = session.current_block
    assert current is not None
    later = session.blocks.filter(order__gt=current.order).order_by("order")
    following, after = later[0], later[1]

    with pytest.raises(Refused, match=r"Overslaan|Skip"):
        setup.set_skipped(chair, circle.fresh(), current, True)
    with pytest.raises(Refused):
        setup.remove_block(chair, circle.fresh(), current)  # it runs: skip instead
    setup.set_skipped(chair, circle.fresh(), following, True)
    assert flow.control(chair, circle.fresh(), "next").current_block == after  # the skipped one is passed by
    setup.set_skipped(chair, circle.fresh(), following, False)
    assert flow.control(chair, circle.fresh(), "back").current_block == following

    # A block added during the meeting comes right after the current one.
    extra = setup.add_block(chair, circle.fresh(), title="Extra ronde", minutes=5)
    blocks = order(circle.fresh())
    assert blocks[blocks.index(str(following.pk)) + 1] == str(extra.pk)
    setup.move_block(chair, circle.fresh(), extra, -1)
    blocks = order(circle.fresh())
    assert blocks.index(str(extra.pk)) < blocks.index(str(following.pk))

    # Editing the running block's minutes moves its clock.
    before = circle.fresh().remaining_seconds()
    setup.edit_block(chair, circle.fresh(), following, title="", minutes=following.minutes + 10)
    now = circle.fresh().remaining_seconds()
    assert before is not None and now is not None and now - before in range(595, 601)

    # Not your meeting's block, a member, a finished meeting: refused.
    other = build_circle("Ander ")
    foreign = first_block(other.fresh())
    for change in (lambda: setup.move_block(chair, circle.fresh(), foreign, 1),
                   lambda: setup.edit_block(chair, circle.fresh(), foreign, title="x", minutes=5),
                   lambda: setup.remove_block(chair, circle.fresh(), foreign),
                   lambda: setup.set_skipped(chair, circle.fresh(), foreign, True),
                   lambda: setup.move_block(circle.members[0], circle.fresh(), extra, 1)):
        with pytest.raises(Refused):
            change()
    assert other.fresh().blocks.get(pk=foreign.pk).order == foreign.order
    flow.control(chair, circle.fresh(), "finish")
    with pytest.raises(Refused):
        setup.add_block(chair, circle.fresh(), title="Te laat", minutes=5)
    with pytest.raises(Refused):
        setup.set_skipped(chair, circle.fresh(), extra, True)


def test_a_member_gets_403_on_the_agenda_and_a_foreign_block_404(circle: Circle) -> None:
    session = circle.fresh()
    url = reverse("live:agenda_block", args=[session.pk, first_block(session).pk])
    assert client_for(circle.members[0]).post(url, {"op": "down"}).status_code == 403
    other = build_circle("Ander ")
    foreign = reverse("live:agenda_block", args=[session.pk, first_block(other.fresh()).pk])
    assert client_for(circle.facilitator).post(foreign, {"op": "down"}).status_code == 404


# --- Roles and agreements -------------------------------------------------------------

def test_roles_form(circle: Circle) -> None:
    session = circle.fresh()
    url = reverse("live:setup", args=[session.pk])
    a, b, c = circle.members
    web = client_for(circle.facilitator)
    page = web.get(url).content.decode()
    assert 'name="r-chair"' in page and 'name="r-note_taker"' in page and 'name="r-timekeeper"' in page
    response = web.post(url, {"form": "roles", "r-chair": a.pk, "r-note_taker": b.pk, "r-timekeeper": ""})
    assert response.status_code == 302
    session = circle.fresh()
    assert (session.chair, session.note_taker, session.timekeeper) == (a, b, None)
    # Someone outside the group is not a choice; nothing changes.
    response = web.post(url, {"form": "roles", "r-chair": circle.outsider.pk, "r-note_taker": "", "r-timekeeper": ""})
    assert response.status_code == 200 and circle.fresh().chair == a
    # The new chair may now organise; a plain member may not.
    assert client_for(a).get(url).status_code == 200
    assert client_for(c).post(url, {"form": "roles", "r-chair": c.pk}).status_code == 403
    with pytest.raises(Refused):
        setup.assign_roles(c, circle.fresh(), chair=c, note_taker=None, timekeeper=None)
    assert AuditEntry.objects.filter(name="kring.live.roles_assigned").count() == 1
    room = client_for(c).get(reverse("live:room", args=[session.pk])).content.decode()
    assert a.name in room and b.name in room


def test_agreements_page_edit_and_confirm(circle: Circle) -> None:
    url = reverse("live:agreements", args=[circle.group.pk])
    member = circle.members[0]
    web = client_for(circle.facilitator)
    assert "textarea" in web.get(url).content.decode()
    assert web.post(url, {"text": ""}).status_code == 200  # required
    assert web.post(url, {"text": "Wat hier gezegd wordt, blijft hier."}).status_code == 302
    shown = client_for(member).get(url).content.decode()
    assert "blijft hier" in shown and "textarea" not in shown
    assert client_for(member).post(url, {"text": "Van mij"}).status_code == 403
    circle.group.chair_rotates = True
    circle.group.save()
    assert client_for(member).post(url, {"text": "Samen afgesproken"}).status_code == 302
    assert circle.group.agreements.text == "Samen afgesproken"

    # Confirming in the meeting: once per person, shown to the group.
    flow.control(circle.facilitator, circle.fresh(), "start")
    agreements = circle.fresh().blocks.get(kind=BlockKind.AGREEMENTS)
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(agreements.pk))
    write = reverse("live:write", args=[circle.session.pk])
    for _twice in range(2):
        assert client_for(member).post(write, {"kind": "confirm"}, HTTP_HX_REQUEST="true").status_code == 204
    assert AuditEntry.objects.filter(name="kring.live.agreements_confirmed").count() == 1
    room = client_for(member).get(reverse("live:room", args=[circle.session.pk])).content.decode()
    assert "Samen afgesproken" in room and "bevestigd" in room


# --- Changing what was written ------------------------------------------------------------

def test_authors_edit_and_remove_the_chair_removes(circle: Circle, monkeypatch: pytest.MonkeyPatch,
                                                   django_capture_on_commit_callbacks: Any) -> None:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(broadcast, "_send", lambda sid, message: sent.append(message))
    a, b, c = circle.members
    circle.start_and_choose_first_case(note_taker=c)
    advice_block = circle.fresh().blocks.filter(collects="advice").order_by("order")[0]
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(advice_block.pk))
    note = writing.add_note(c, circle.fresh(), advice_block, "Notitie met een tikfout")
    advice = writing.add_advice(b, circle.fresh(), advice_block, "Bel minder")
    other_advice = writing.add_advice(c, circle.fresh(), advice_block, "Iets ongepasts")
    point = writing.add_learning_point(a, circle.fresh(), circle.fresh().chosen.get(), "Grens")
    mine = writing.set_yield(b, circle.fresh(), "Herkenning")

    with django_capture_on_commit_callbacks(execute=True):
        writing.edit_item(c, circle.fresh(), note.pk, "Notitie zonder tikfout")
    assert sent and sent[-1]["type"] == "content"
    writing.edit_item(b, circle.fresh(), advice.pk, "Spreek vaste belmomenten af")
    writing.edit_item(a, circle.fresh(), point.pk, "Eerder mijn grens benoemen")
    writing.edit_item(b, circle.fresh(), mine.pk, "Herkenning en moed")
    assert Entry.objects.get(pk=note.pk).text == "Notitie zonder tikfout"
    assert YieldEntry.objects.get(pk=mine.pk).text == "Herkenning en moed"
    for who, item in [(a, advice), (circle.facilitator, advice), (b, point), (c, mine)]:
        with pytest.raises(Refused):
            writing.edit_item(who, circle.fresh(), item.pk, "niet van mij")
    with pytest.raises(Refused):
        writing.remove_item(a, circle.fresh(), advice.pk)  # neither author nor chair
    with pytest.raises(Refused):
        writing.edit_item(b, circle.fresh(), advice.pk, "   ")
    with pytest.raises(Refused):
        writing.edit_item(circle.outsider, circle.fresh(), advice.pk, "x")

    with django_capture_on_commit_callbacks(execute=True):
        writing.remove_item(circle.facilitator, circle.fresh(), other_advice.pk)  # the chair
    assert sent[-1]["type"] == "content"
    writing.remove_item(b, circle.fresh(), mine.pk)  # the author
    assert not Entry.objects.filter(pk=other_advice.pk).exists() and not YieldEntry.objects.filter(pk=mine.pk).exists()
    assert AuditEntry.objects.filter(name="kring.live.contribution_edited").count() == 4
    removed = AuditEntry.objects.filter(name="kring.live.contribution_removed")
    assert removed.count() == 2 and sorted(e.data["by_chair"] for e in removed) == [False, True]
    assert all("text" not in e.data for e in removed)

    flow.control(circle.facilitator, circle.fresh(), "finish")
    with pytest.raises(Refused):
        writing.edit_item(b, circle.fresh(), advice.pk, "na afloop")


def test_changing_what_was_written_through_the_pages(circle: Circle) -> None:
    _a, b, c = circle.members
    circle.start_and_choose_first_case()  # past the vote only with a chosen case
    yields = circle.fresh().blocks.get(kind=BlockKind.YIELDS)
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(yields.pk))
    mine = writing.set_yield(b, circle.fresh(), "Herkenning")
    url = reverse("live:item", args=[circle.session.pk, mine.pk])
    feed = client_for(b).get(reverse("live:feed", args=[circle.session.pk])).content.decode()
    assert url in feed and f'id="edit-{mine.pk}"' in feed
    assert url not in client_for(c).get(reverse("live:feed", args=[circle.session.pk])).content.decode()
    assert url in client_for(circle.facilitator).get(reverse("live:feed", args=[circle.session.pk])).content.decode()
    response = client_for(c).post(url, {"op": "edit", "text": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert client_for(b).post(url, {"op": "edit", "text": "Moed"}, HTTP_HX_REQUEST="true").status_code == 204
    assert YieldEntry.objects.get(pk=mine.pk).text == "Moed"
    assert client_for(b).post(url, {"op": "remove"}).status_code == 302
    assert not YieldEntry.objects.filter(pk=mine.pk).exists()
    response = client_for(b).post(url, {"op": "remove"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422  # gone already


# --- The look-back --------------------------------------------------------------------------

def _treated_earlier(circle: Circle) -> Meeting:
    """Run the circle's meeting to the end with a learning point; return the next meeting."""
    circle.start_and_choose_first_case()
    writing.add_learning_point(circle.members[0], circle.fresh(), circle.fresh().chosen.get(), "Uit de live-bijeenkomst")
    flow.control(circle.facilitator, circle.fresh(), "finish")
    start = circle.meeting.starts_at + timedelta(days=14)
    return Meeting.objects.create(group=circle.group, starts_at=start, ends_at=start + timedelta(hours=2))


def _lookback_page(circle: Circle, meeting: Meeting) -> str:
    later = setup.prepare(circle.facilitator, meeting)
    flow.control(circle.facilitator, later, "start")
    block = later.blocks.get(kind=BlockKind.LOOKBACK)
    flow.control(circle.facilitator, LiveSession.objects.get(pk=later.pk), "goto", block_id=str(block.pk))
    return client_for(circle.members[1]).get(reverse("live:feed", args=[later.pk])).content.decode()


def test_look_back_falls_back_to_the_live_record(circle: Circle) -> None:
    page = _lookback_page(circle, _treated_earlier(circle))
    assert "Uit de live-bijeenkomst" in page and circle.members[0].name in page


def test_look_back_prefers_what_the_bringer_approved_in_the_sent_report(circle: Circle) -> None:
    nxt = _treated_earlier(circle)
    report = Report.objects.create(meeting=circle.meeting, status="sent", sent_at=timezone.now())
    ReportCasePart.objects.create(report=report, case=circle.cases[0], bringer=circle.members[0], title="Grenzen",
                                  question="Hoe?", learning_points="- Goedgekeurd leerpunt\n- Tweede punt",
                                  intended_action="Belafspraak maken", approved_at=timezone.now())
    page = _lookback_page(circle, nxt)
    assert "Goedgekeurd leerpunt" in page and "Tweede punt" in page and "Uit de live-bijeenkomst" not in page
    assert "<li>- " not in page
    assert AccessEntry.objects.filter(event="kring.live.lookback_read").exists()


# --- Everyone in their own language ---------------------------------------------------

def test_the_same_phase_in_dutch_and_in_english(circle: Circle) -> None:
    a = circle.members[0]
    english = circle.members[1]
    english.language = "en"
    english.save()
    session = circle.fresh()
    first_phase = session.blocks.filter(kind=BlockKind.PHASE).order_by("order")[0]
    circle.start_and_choose_first_case()
    flow.control(circle.facilitator, circle.fresh(), "goto", block_id=str(first_phase.pk))
    dutch = client_for(a).get(reverse("live:room", args=[session.pk])).content.decode()
    assert '<h2 id="block-title">Voorbereiden</h2>' in dutch and "Luister zonder te onderbreken." in dutch
    room = client_for(english).get(reverse("live:room", args=[session.pk])).content.decode()
    assert '<h2 id="block-title">Prepare</h2>' in room and "Listen without interrupting." in room
    assert "Luister zonder" not in room
    assert "Six phases (LVSC" in room
    chair = client_for(circle.facilitator)
    chair.cookies["django_language"] = "en"
    assert "Let the case bringer tell it freely." in chair.get(reverse("live:block", args=[session.pk])).content.decode()
    # the standard blocks, too
    feed = client_for(english).get(reverse("live:feed", args=[session.pk])).content.decode()
    assert "Check-in round" in feed and "Cooling-down" in feed and "Openingsronde" not in feed
    # and the websocket's message names the block in each listener's language
    state = broadcast.state(circle.fresh())
    assert broadcast.localised(state, "en")["block"]["title"] == "Prepare"
    assert broadcast.localised(state, "nl")["block"]["title"] == "Voorbereiden"
