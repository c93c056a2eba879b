from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from kring.accounts.models import User
from kring.cases.models import Case
from kring.groups.models import IntervisionGroup, MemberRole
from kring.live.actions import flow, setup, vote
from kring.live.models import LiveSession
from kring.meetings.models import Meeting
from kring.methods.catalogue import load_catalogue
from kring.organisations.models import OrgRole
from kring.site.testing import asgi_server_process, join_org, make_group, make_org, make_person, put_in_group


@dataclass
class Circle:
    facilitator: User
    members: list[User]
    outsider: User
    group: IntervisionGroup
    meeting: Meeting
    cases: list[Case]
    session: LiveSession

    def fresh(self) -> LiveSession:
        return LiveSession.objects.select_related("current_block", "meeting__group").get(pk=self.session.pk)

    def start_and_choose_first_case(self, note_taker: User | None = None) -> None:
        """The chair starts the meeting and the second member's vote chooses the first case
        (the first member's); ``note_taker`` takes the notes."""
        if note_taker is not None:
            session = self.fresh()
            session.note_taker = note_taker
            session.save()
        flow.control(self.facilitator, self.fresh(), "start")
        vote.cast(self.members[1], self.fresh(), self.cases[0])
        vote.close(self.facilitator, self.fresh())


def build_circle(prefix: str = "", chair_rotates: bool = False) -> Circle:
    load_catalogue()
    coordinator = make_person(f"{prefix}Coordinator")
    org = make_org(f"{prefix}Org")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, f"{prefix}Groep", chair_rotates=chair_rotates)
    facilitator = make_person(f"{prefix}Anne Begeleider")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    members = [make_person(f"{prefix}{name}") for name in ("Bram Lid", "Carla Lid", "Daan Lid")]
    for m in members:
        put_in_group(group, m)
    outsider = make_person(f"{prefix}Olaf Buiten")
    start = timezone.now() + timedelta(hours=1)
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + timedelta(hours=2))
    cases = [
        Case.objects.create(meeting=meeting, author=members[0], title="Grenzen stellen", situation="…",
                            question="Hoe stel ik een grens bij een cliënt die blijft bellen?"),
        Case.objects.create(meeting=meeting, author=members[1], title="Teamconflict", situation="…",
                            question="Hoe spreek ik mijn collega aan?"),
    ]
    session = setup.prepare(facilitator, meeting)
    return Circle(facilitator, members, outsider, group, meeting, cases, session)


@pytest.fixture
def circle(db: None) -> Circle:
    return build_circle()


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """A real ASGI server in a subprocess on the test database; yields its base URL."""
    with asgi_server_process() as url:
        yield url
