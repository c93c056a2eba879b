"""Costs split to the cent, and anonymous evaluations with their thresholds and charts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kring.core.errors import Refused
from kring.reports import actions, charts, evidence, money
from kring.reports.models import EvaluationAnswer, FeeBasis, Payer
from kring.reports.tests.conftest import Cast, make_meeting
from kring.reports.tests.test_evidence import text_of

SCORES = {"usefulness": 4, "safety": 5, "collaboration": 3, "problem_solving": 4, "confidence": 2, "self_awareness": 5}


class P:
    def __init__(self, pk: int) -> None:
        self.pk = pk


@given(st.decimals(min_value=0, max_value=100000, places=2), st.integers(min_value=1, max_value=12))
def test_split_adds_up_to_the_cent_and_differs_by_at_most_one_cent(total: Decimal, n: int) -> None:
    shares = money.split(total, [P(i) for i in range(n)], "m")
    assert sum(shares.values()) == total
    assert max(shares.values()) - min(shares.values()) <= Decimal("0.01")


def test_vat() -> None:
    assert money.vat_split(Decimal("100"), True, Decimal("21")) == money.Vat(Decimal("82.64"), Decimal("17.36"), Decimal("100.00"))
    assert money.vat_split(Decimal("100"), False, Decimal("21")) == money.Vat(Decimal("100.00"), Decimal("21.00"), Decimal("121.00"))


@pytest.mark.django_db
def test_member_shares_totals_and_statement(cast: Cast) -> None:
    second = make_meeting(cast.group, "2025-04-09")
    actions.set_fee(cast.facilitator, cast.group, basis=FeeBasis.PER_MEETING, amount=Decimal("250.00"),
                    vat_included=True, vat_rate=Decimal("21"), payer=Payer.MEMBERS, track_starts_on=None)
    totals = money.totals(cast.group, date(2025, 1, 1), date(2025, 12, 31))
    assert (totals.count, totals.incl, totals.by_members) == (2, Decimal("500.00"), Decimal("500.00"))
    shares = [money.share_of(m, cast.group)[1] for m in cast.members]
    assert sum(shares) == Decimal("500.00") and set(shares) == {Decimal("125.00")}
    doc = evidence.issue_cost_statement(cast.members[0], cast.group, date(2025, 1, 1), date(2025, 12, 31))
    text = text_of(bytes(doc.pdf))
    assert "Bram Inbrenger" in text and "125.00" in text.replace(",", ".") and "250.00" in text.replace(",", ".")
    with pytest.raises(Refused):
        actions.set_fee(cast.members[0], cast.group, amount=Decimal("1"))
    actions.set_fee(cast.coordinator, cast.group, payer=Payer.ORGANISATION)
    assert money.share_of(cast.members[0], cast.group)[1] == 0
    assert money.totals(cast.group).by_organisation == Decimal("500.00")
    assert second  # used


@pytest.mark.django_db
def test_evaluations_are_anonymous_and_shown_from_three_answers(cast: Cast) -> None:
    for person in cast.members[:2]:
        actions.answer_evaluation(person, cast.meeting, SCORES, "Fijn")
    with pytest.raises(Refused):
        actions.answer_evaluation(cast.members[0], cast.meeting, SCORES, "nog eens")
    with pytest.raises(Refused):
        actions.answer_evaluation(cast.facilitator, cast.meeting, SCORES, "")
    with pytest.raises(Refused):
        actions.answer_evaluation(cast.members[2], cast.meeting, {**SCORES, "safety": 9}, "")
    (row,) = charts.group_scores(cast.group)
    assert row.answers == 2 and not row.shown and row.values["safety"] is None and row.comments == []
    facilitator = Client()
    facilitator.force_login(cast.facilitator)
    page = facilitator.get(reverse("reports:group_evaluations", args=[cast.group.pk])).content.decode()
    assert "Fijn" not in page
    actions.answer_evaluation(cast.members[2], cast.meeting, {**SCORES, "safety": 2}, "Spannend")
    (row,) = charts.group_scores(cast.group)
    assert row.shown and row.values["safety"] == Decimal("4.0") and row.comments == ["Fijn", "Fijn", "Spannend"]
    page = facilitator.get(reverse("reports:group_evaluations", args=[cast.group.pk])).content.decode()
    assert "<svg" in page and "<table>" in page and "4.0" in page.replace(",", ".")
    # Answer rows carry no person and no time.
    names = {f.name for f in EvaluationAnswer._meta.get_fields()}
    assert not names & {"person", "created_at", "updated_at"}
    own = charts.own_scores(cast.members[2])
    assert len(own) == 1 and own[0].values["safety"] == 2
    me = Client()
    me.force_login(cast.members[2])
    assert "own-chart" in me.get(reverse("reports:me")).content.decode()
