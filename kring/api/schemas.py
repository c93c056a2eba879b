"""The shapes the API answers with and accepts. Confidential texts (cases, notes,
reports, learning goals, poll comments of others) have no field here on purpose."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

Text = Field(max_length=2000)


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, str]] | None = None


class OrganisationRef(Schema):
    id: UUID
    name: str


class GroupOut(Schema):
    id: UUID
    name: str
    theme: str
    status: str
    organisation: OrganisationRef | None
    min_size: int
    max_size: int
    chair_rotates: bool
    my_roles: list[str]


class MemberOut(Schema):
    name: str
    role: str
    takes_part_as: str | None = None  # only for those who manage the group, as on its page


class MeetingOut(Schema):
    id: UUID
    group_id: UUID
    starts_at: datetime
    ends_at: datetime
    status: str
    location: str
    online_url: str
    ics_url: str


class PollOptionOut(Schema):
    id: UUID
    starts_at: datetime
    ends_at: datetime
    my_answer: str | None


class PollOut(Schema):
    id: UUID
    group_id: UUID
    title: str
    deadline: datetime
    status: str
    options: list[PollOptionOut]


class PollAnswerIn(Schema):
    answers: dict[str, Literal["yes", "maybe", "no"]] = Field(max_length=100)
    comment: str = Field("", max_length=2000)


class AttendanceLineOut(Schema):
    meeting_id: UUID
    group_id: UUID
    date: datetime
    status: str
    mode: str
    confirmed: bool
    net_minutes: int


class RegisterProgressOut(Schema):
    register_code: str
    cycle_start: str | None
    cycle_end: str | None
    counted_hours: Decimal
    points: Decimal
    required_hours: Decimal | None


class AttendanceOut(Schema):
    lines: list[AttendanceLineOut]
    registers: list[RegisterProgressOut]


class ConfirmIn(Schema):
    """Optionally set lines before confirming: attendance line id → status and mode."""

    lines: dict[str, dict[str, str]] = Field(default_factory=dict, max_length=200)


class SheetOut(Schema):
    meeting_id: UUID
    confirmed_at: datetime | None
    present: int
    lines: int


class OfferOut(Schema):
    id: UUID
    organisation: OrganisationRef
    title: str
    description: str
    is_open: bool
    min_size: int
    max_size: int
    slots: list[str]


class ApplicationOut(Schema):
    id: UUID
    name: str
    email: str
    status: str
    source: str
    role: str
    discipline: str
    team: str
    experience_years: Decimal
    availability: list[str]


class ApplyIn(Schema):
    role: str = Field("professional", max_length=16)
    discipline: str = Field("", max_length=120)
    team: str = Field("", max_length=120)
    organisation_name: str = Field("", max_length=200)
    municipality: str = Field("", max_length=120)
    experience_years: str = Field("0", max_length=10)
    availability: list[str] = Field(default_factory=list, max_length=50)
    motivation: str = Field("", max_length=4000)
    intake_requested: bool = False
    keep_apart: list[str] = Field(default_factory=list, max_length=50)
    relation_kind: str = Field("", max_length=32)


class OwnApplicationOut(Schema):
    id: UUID
    offer_id: UUID
    status: str


class ImportIn(Schema):
    csv: str = Field(description="The CSV file as text (UTF-8), with the columns of the web import.")
    accept: bool = True


class ImportOut(Schema):
    imported: int


class RunIn(Schema):
    application_ids: list[UUID] | None = Field(None, description="Default: every accepted applicant.", max_length=20000)
    capacity_ids: list[UUID] | None = Field(None, description="Default: every facilitator with free capacity.", max_length=1000)
    seconds: int = Field(10, ge=1, le=600)
    num_groups: int | None = Field(None, ge=1, le=10000)


class RunMember(Schema):
    application_id: UUID
    name: str


class RunGroup(Schema):
    number: int
    slot: str
    facilitator: str | None
    members: list[RunMember]


class RunUnplaced(Schema):
    application_id: UUID
    name: str
    reason: str


class RunOut(Schema):
    id: UUID
    offer_id: UUID
    status: str
    progress: int
    finished: bool
    groups: list[RunGroup]
    unplaced: list[RunUnplaced]
