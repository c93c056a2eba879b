from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kring.cases.models import Case, CaseStatus
from kring.groups.models import MemberRole
from kring.meetings.models import Meeting, MeetingStatus
from kring.organisations.models import OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: str, hm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=AMS)


@dataclass
class Cast:
    org: Any
    coordinator: Any
    facilitator: Any
    members: list[Any]
    group: Any
    meeting: Any
    case: Any

    @property
    def bringer(self) -> Any:
        return self.members[0]


def make_meeting(group: Any, day: str, start: str = "19:00", end: str = "21:30", **fields: Any) -> Meeting:
    fields.setdefault("status", MeetingStatus.HELD)
    fields.setdefault("break_minutes", 15)
    return Meeting.objects.create(group=group, starts_at=at(day, start), ends_at=at(day, end), **fields)


@pytest.fixture
def cast(db: Any) -> Cast:
    org = make_org("Zorg Oost")
    coordinator = make_person("Cora Coördinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, "Intervisiegroep Oost")
    facilitator = make_person("Femke Begeleider")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    members = [make_person(n) for n in ("Bram Inbrenger", "Saïd Deelnemer", "Anouk de Vries", "Joost Jansen")]
    for m in members:
        put_in_group(group, m)
    meeting = make_meeting(group, "2025-03-12", location="Utrecht")
    case = Case.objects.create(meeting=meeting, author=members[0], title="Grenzen bij een cliënt",
                               situation="…", question="Hoe bewaak ik mijn grens?", status=CaseStatus.TREATED)
    return Cast(org, coordinator, facilitator, members, group, meeting, case)
