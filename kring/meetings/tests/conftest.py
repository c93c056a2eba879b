"""A group with a facilitator and three members (one reads English), and helpers to
plan meetings and read .ics files back."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, TypedDict

import pytest
from django.utils import timezone
from icalendar import Calendar

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup, MemberRole
from kring.organisations.models import OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group


@dataclass
class Circle:
    group: IntervisionGroup
    facilitator: User
    members: list[User]
    coordinator: User
    outsider: User

    @property
    def everyone(self) -> list[User]:
        return [self.facilitator, *self.members]


def make_circle(prefix: str = "") -> Circle:
    org = make_org(f"{prefix}Wijkteam Oost")
    coordinator = make_person(f"{prefix}Coco Ordinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, f"{prefix}Intervisiegroep Oost")
    facilitator = make_person(f"{prefix}Fenna Begeleider")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    members = [make_person(f"{prefix}Anna Jansen"), make_person(f"{prefix}Bram de Vries"),
               make_person(f"{prefix}Chris Smith", language="en")]
    for person in members:
        put_in_group(group, person)
    return Circle(group, facilitator, members, coordinator, make_person(f"{prefix}Olga Buiten"))


@pytest.fixture
def circle(db: Any) -> Circle:
    return make_circle()


def local(days: int, at: time = time(19, 0)) -> datetime:
    """A moment ``days`` from today at a local wall-clock time."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), at))


class Slot(TypedDict):
    starts_at: datetime
    ends_at: datetime


def slot(days: int = 30, hours: float = 2.5) -> Slot:
    start = local(days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


def moved(times: Slot, by: timedelta) -> Slot:
    return {"starts_at": times["starts_at"] + by, "ends_at": times["ends_at"] + by}


AMSTERDAM_TZID = "Europe/Amsterdam"


def calendars(mail: Any) -> list[Calendar]:
    return [Calendar.from_ical(part.get_payload(decode=True)) for part in mail.attachments()
            if part.get_content_type() == "text/calendar"]


def the_event(cal: Calendar) -> Any:
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]
