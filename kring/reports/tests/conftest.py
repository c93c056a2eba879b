from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kring.accounts.models import User
from kring.cases.models import Case, CaseStatus
from kring.groups.models import IntervisionGroup, MemberRole
from kring.meetings.models import Meeting, MeetingStatus
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: str, hm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=AMS)


@dataclass
class Cast:
    org: Organisation
    coordinator: User
    facilitator: User
    members: list[User]
    group: IntervisionGroup
    meeting: Meeting
    case: Case

    @property
    def bringer(self) -> User:
        return self.members[0]


def make_meeting(group: IntervisionGroup, day: str, start: str = "19:00", end: str = "21:30", **fields: Any) -> Meeting:
    fields.setdefault("status", MeetingStatus.HELD)
    fields.setdefault("break_minutes", 15)
    return Meeting.objects.create(group=group, starts_at=at(day, start), ends_at=at(day, end), **fields)


@pytest.fixture
def cast(db: None) -> Cast:
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
