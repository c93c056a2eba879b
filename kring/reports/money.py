"""Costs: VAT and splitting a fee over the people who pay it, in whole cents.

Rounding: amounts are rounded half-up to cents. A split gives everyone the same number of
whole cents; the remainder (fewer cents than payers) goes one cent each to the first payers
in an order that is a hash of the charge and the person, so it differs from meeting to
meeting and nobody systematically pays the extra cent. The shares always add up to the
total exactly."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.groups.roles import members
from kring.meetings.models import Meeting, MeetingStatus
from kring.reports.models import FeeBasis, GroupFee, Payer

CENT = Decimal("0.01")


class HasPk(Protocol):
    @property
    def pk(self) -> object: ...


PayerT = TypeVar("PayerT", bound=HasPk)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Vat:
    excl: Decimal
    vat: Decimal
    incl: Decimal


def vat_split(amount: Decimal, included: bool, rate: Decimal) -> Vat:
    factor = 1 + rate / 100
    if included:
        incl = cents(amount)
        excl = cents(incl / factor)
    else:
        excl = cents(amount)
        incl = cents(excl * factor)
    return Vat(excl=excl, vat=incl - excl, incl=incl)


def split(total: Decimal, payers: Sequence[PayerT], key: str) -> dict[PayerT, Decimal]:
    """Shares of ``total`` per payer (anything with a ``pk``), summing to ``total`` exactly."""
    if not payers:
        return {}
    total_cents = int(cents(total) / CENT)
    base, remainder = divmod(total_cents, len(payers))
    order = sorted(payers, key=lambda p: hashlib.sha256(f"{key}:{p.pk}".encode()).hexdigest())
    return {p: Decimal(base + (1 if i < remainder else 0)) * CENT for i, p in enumerate(order)}


@dataclass
class Charge:
    """One thing to pay for: a meeting, or the whole track."""

    label_date: date
    meeting: Meeting | None
    amounts: Vat
    payer: str
    shares: dict[User, Decimal] = field(default_factory=dict)


def _meeting_payers(meeting: Meeting, group: IntervisionGroup) -> list[User]:
    # Who was a member then: the attendance sheet lists them (absent members pay too).
    sheet = getattr(meeting, "attendance_sheet", None)
    if sheet is not None:
        return [line.person for line in sheet.lines.select_related("person")]
    return list(members(group))


def charges(group: IntervisionGroup, start: date | None = None, end: date | None = None) -> list[Charge]:
    """What the group's fee comes to in a period (inclusive dates; None = open)."""
    fee: GroupFee | None = GroupFee.objects.filter(group=group).first()
    if fee is None:
        return []
    amounts = vat_split(fee.amount, fee.vat_included, fee.vat_rate)

    def shares_for(payers: list[User], key: str) -> dict[User, Decimal]:
        if fee.payer == Payer.ORGANISATION:
            return {p: Decimal("0.00") for p in payers}
        return split(amounts.incl, payers, key)

    if fee.basis == FeeBasis.PER_TRACK:
        when = fee.track_starts_on or fee.created_at.date()
        if (start and when < start) or (end and when > end):
            return []
        return [Charge(when, None, amounts, fee.payer, shares_for(list(members(group)), f"track:{fee.pk}"))]
    meetings = group.meetings.filter(status=MeetingStatus.HELD).order_by("starts_at")
    result = []
    for meeting in meetings:
        day = meeting.starts_at.date()
        if (start and day < start) or (end and day > end):
            continue
        result.append(Charge(day, meeting, amounts, fee.payer, shares_for(_meeting_payers(meeting, group), str(meeting.pk))))
    return result


def share_of(person: User, group: IntervisionGroup, start: date | None = None, end: date | None = None) -> tuple[list[tuple[Charge, Decimal]], Decimal]:
    rows = [(c, c.shares[person]) for c in charges(group, start, end) if person in c.shares]
    return rows, sum((share for _c, share in rows), Decimal("0.00"))


@dataclass(frozen=True)
class Totals:
    count: int
    excl: Decimal
    vat: Decimal
    incl: Decimal
    by_members: Decimal
    by_organisation: Decimal


def totals(group: IntervisionGroup, start: date | None = None, end: date | None = None) -> Totals:
    items = charges(group, start, end)
    excl = sum((c.amounts.excl for c in items), Decimal("0.00"))
    vat = sum((c.amounts.vat for c in items), Decimal("0.00"))
    incl = sum((c.amounts.incl for c in items), Decimal("0.00"))
    by_org = sum((c.amounts.incl for c in items if c.payer == Payer.ORGANISATION), Decimal("0.00"))
    return Totals(len(items), excl, vat, incl, incl - by_org, by_org)
