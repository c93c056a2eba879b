"""Item 11.7: when the chair rotates, the facilitator keeps the chair's controls (as
co-chair) until they hand them over: an explicit, audited act of the facilitator."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.live import queries
from kring.live.actions import flow, setup
from kring.live.models import SessionStatus
from kring.live.tests.conftest import Circle, build_circle
from kring.site.browser import assert_accessible, login


@pytest.fixture
def rotating(db: None) -> Circle:
    return build_circle(chair_rotates=True)


def _web(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _room(person: User, circle: Circle) -> str:
    return _web(person).get(reverse("live:room", args=[circle.session.pk])).content.decode()


@pytest.mark.django_db
def test_a_rotating_chair_leaves_the_facilitator_the_controls_as_co_chair(rotating: Circle) -> None:
    session = rotating.fresh()
    chair = session.chair
    assert chair in rotating.members  # the rotation picked a member
    roles = queries.roles_in(rotating.facilitator, session)
    assert roles.co_chair and roles.can_control and not roles.chair
    assert queries.roles_in(chair, session).can_control
    other = next(m for m in rotating.members if m != chair)
    assert not queries.roles_in(other, session).can_control

    # The facilitator sees the controls and can use them.
    assert "Bijeenkomst starten" in _room(rotating.facilitator, rotating)
    flow.control(rotating.facilitator, rotating.fresh(), "start")
    assert rotating.fresh().status == SessionStatus.RUNNING
    flow.control(rotating.facilitator, rotating.fresh(), "next")
    assert "Volgend onderdeel" in _room(rotating.facilitator, rotating)
    with pytest.raises(Refused):
        flow.control(other, rotating.fresh(), "next")


@pytest.mark.django_db
def test_handing_over_is_the_facilitators_explicit_audited_act(rotating: Circle) -> None:
    url = reverse("live:handover", args=[rotating.session.pk])
    chair = rotating.fresh().chair
    assert chair is not None
    page = _room(rotating.facilitator, rotating)
    assert f"Regie overdragen aan {chair.name}" in page

    # Nobody else can hand the facilitator's controls over.
    _web(chair).post(url, {"op": "hand_over"})
    assert not rotating.fresh().controls_handed_over
    assert queries.roles_in(rotating.facilitator, rotating.fresh()).can_control

    assert _web(rotating.facilitator).post(url, {"op": "hand_over"}).status_code == 302
    session = rotating.fresh()
    assert session.controls_handed_over
    entry = AuditEntry.objects.get(name="kring.live.controls_handed_over")
    assert entry.actor_id == rotating.facilitator.pk
    assert not queries.roles_in(rotating.facilitator, session).can_control
    assert queries.roles_in(chair, session).can_control
    with pytest.raises(Refused):
        flow.control(rotating.facilitator, session, "start")
    page = _room(rotating.facilitator, rotating)
    assert "Bijeenkomst starten" not in page and "Regie terugnemen" in page
    assert "Bijeenkomst starten" in _room(chair, rotating)

    # And back.
    _web(rotating.facilitator).post(url, {"op": "take_back"})
    assert AuditEntry.objects.filter(name="kring.live.controls_taken_back", actor_id=rotating.facilitator.pk).exists()
    assert queries.roles_in(rotating.facilitator, rotating.fresh()).can_control


@pytest.mark.django_db
def test_a_facilitator_who_chairs_has_nothing_to_hand_over(circle: Circle) -> None:
    session = circle.fresh()
    assert session.chair == circle.facilitator
    with pytest.raises(Refused):
        setup.hand_over_controls(circle.facilitator, session)
    member = circle.members[0]
    with pytest.raises(Refused):
        setup.hand_over_controls(member, session)
    assert not circle.fresh().controls_handed_over
    assert not AuditEntry.objects.filter(name="kring.live.controls_handed_over").exists()


@pytest.mark.django_db
def test_everyone_sees_who_is_co_chair_until_the_hand_over(rotating: Circle) -> None:
    other = rotating.members[2]
    assert f"<dt>Medevoorzitter</dt><dd>{rotating.facilitator.name}</dd>" in _room(other, rotating)
    setup.hand_over_controls(rotating.facilitator, rotating.fresh())
    assert "Medevoorzitter" not in _room(other, rotating)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_co_chair_hands_over_from_the_room_in_a_browser(asgi_server: str, new_page: Any) -> None:
    circle = build_circle(chair_rotates=True)
    chair = circle.fresh().chair
    assert chair is not None
    page = new_page()
    login(page, asgi_server, circle.facilitator.email)
    page.goto(f"{asgi_server}/live/{circle.session.pk}/")
    page.wait_for_selector("#live-room[data-connected=true]")
    assert page.get_by_role("button", name="Bijeenkomst starten").is_visible()
    assert_accessible(page)
    hand_over = page.get_by_role("button", name=f"Regie overdragen aan {chair.name}")
    hand_over.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("button", name="Regie terugnemen").wait_for()
    assert page.get_by_role("button", name="Bijeenkomst starten").count() == 0
    assert page.get_by_text("Je hebt de regie overgedragen aan de voorzitter.").is_visible()
    assert_accessible(page)
    assert circle.fresh().controls_handed_over
