"""The hard rules of group membership, through the one write path."""
from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections
from django.utils import timezone, translation

from kring.accounts.actions import declare_relation
from kring.accounts.models import Relation, RelationKind, Role, User
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.groups import actions
from kring.groups.models import Composition, GroupMembership, IntervisionGroup, MemberRole
from kring.mail.models import OutboxMessage
from kring.meetings.actions import send_invitations
from kring.meetings.models import Meeting
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

pytestmark = pytest.mark.django_db

Setup = tuple[Organisation, User, IntervisionGroup]


@pytest.fixture
def setup() -> Setup:
    org = make_org()
    coordinator = make_person("Carla Coordinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, min_size=2, max_size=3, min_experience_years=Decimal("1"))
    return org, coordinator, group


def test_related_people_are_refused_without_revealing_the_relation(setup: Setup) -> None:
    _org, coordinator, group = setup
    client = make_person("Lotte Client", role=Role.CLIENT)
    therapist = make_person("Pieter Therapist")
    group.clients_allowed = True
    group.save()
    actions.add_member(coordinator, group, client)
    declare_relation(client, therapist, RelationKind.THERAPEUTIC)
    with translation.override("en"), pytest.raises(Refused) as refused:
        actions.add_member(coordinator, group, therapist)
    message = str(refused.value)
    assert message == "Pieter Therapist and Lotte Client cannot be in one group."
    assert "therap" not in message.replace("Therapist", "").lower()
    assert not GroupMembership.objects.filter(group=group, person=therapist).exists()
    # Even the audit trail does not record the kind of relation.
    entry = AuditEntry.objects.get(name="kring.accounts.relation_declared")
    assert "therapeutic" not in str(entry.data) and "kind" not in entry.data


def test_relation_applies_in_both_directions_and_to_facilitators(setup: Setup) -> None:
    _org, coordinator, group = setup
    manager = make_person("Mia Manager")
    employee = make_person("Erik Employee")
    actions.add_member(coordinator, group, employee)
    Relation.objects.create(declared_by=manager, other=employee, kind=RelationKind.AUTHORITY)
    with pytest.raises(Refused):
        actions.add_member(coordinator, group, manager, MemberRole.FACILITATOR)


def test_full_group_is_refused(setup: Setup) -> None:
    _org, coordinator, group = setup
    for i in range(3):
        actions.add_member(coordinator, group, make_person(f"Member {i}"))
    with translation.override("nl"), pytest.raises(Refused) as refused:
        actions.add_member(coordinator, group, make_person("One Too Many"))
    assert "De groep is vol: maximaal 3 deelnemers." in refused.value.messages
    # A facilitator does not count towards the size.
    actions.add_member(coordinator, group, make_person("Fenna Facilitator"), MemberRole.FACILITATOR)


def test_experience_minimum_and_clients_only_where_allowed(setup: Setup) -> None:
    _org, coordinator, group = setup
    novice = make_person("Nina Novice", experience_years=Decimal("0.5"))
    client = make_person("Chris Client", role=Role.CLIENT)
    with translation.override("en"):
        with pytest.raises(Refused) as refused:
            actions.add_member(coordinator, group, novice)
        assert refused.value.messages == ["Nina Novice has 0.5 years of experience; this group asks for at least 1.0."]
        with pytest.raises(Refused) as refused:
            actions.add_member(coordinator, group, client)
        assert refused.value.messages == ["This group is for professionals only; Chris Client takes part as a client."]
    with translation.override("nl"), pytest.raises(Refused) as refused:
        actions.add_member(coordinator, group, novice)
    assert refused.value.messages == ["Nina Novice heeft 0,5 jaar ervaring; deze groep vraagt minstens 1,0."]


def test_monodisciplinary_group_takes_only_its_discipline(setup: Setup) -> None:
    _org, coordinator, group = setup
    actions.update_group(coordinator, group, composition=Composition.MONODISCIPLINARY, discipline="jeugdprofessional")
    actions.add_member(coordinator, group, make_person("Jet Jeugd", discipline="Jeugdprofessional"))
    with pytest.raises(Refused):
        actions.add_member(coordinator, group, make_person("Paul Psych", discipline="psycholoog"))


def test_only_managers_may_add_and_nobody_twice(setup: Setup) -> None:
    _org, coordinator, group = setup
    member = make_person("Mark Member")
    actions.add_member(coordinator, group, member)
    with pytest.raises(Refused):
        actions.add_member(member, group, make_person("Friend Of Mark"))
    with translation.override("en"), pytest.raises(Refused) as refused:
        actions.add_member(coordinator, group, member)
    assert refused.value.messages == ["Mark Member is already in this group."]


def test_every_write_leaves_one_audit_entry_and_a_welcome_mail(setup: Setup) -> None:
    _org, coordinator, group = setup
    person = make_person("Wendy Welcome", language="en")
    before = AuditEntry.objects.count()
    membership = actions.add_member(coordinator, group, person)
    assert AuditEntry.objects.count() == before + 1
    mail = person.mail.get()
    assert mail.language == "en" and "Welcome to" in mail.subject
    actions.remove_member(coordinator, membership)
    assert AuditEntry.objects.filter(name="kring.groups.member_removed").count() == 1


def test_update_refuses_a_maximum_below_the_current_members(setup: Setup) -> None:
    _org, coordinator, group = setup
    for i in range(3):
        put_in_group(group, make_person(f"P{i}"))
    with pytest.raises(Refused):
        actions.update_group(coordinator, group, max_size=2)
    group.refresh_from_db()
    assert group.max_size == 3
    with pytest.raises(Refused):
        actions.update_group(coordinator, group, min_size=5, max_size=4)


@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_cannot_overfill_a_group() -> None:
    org = make_org()
    coordinator = make_person("Carla Coordinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, min_size=2, max_size=2)
    put_in_group(group, make_person("Already In"))
    candidates = [make_person(f"Racer {i}") for i in range(4)]
    results: list[str] = []
    barrier = threading.Barrier(len(candidates))

    def add(person: User) -> None:
        barrier.wait()
        try:
            actions.add_member(coordinator, group, person)
            results.append("ok")
        except Refused:
            results.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=add, args=(p,)) for p in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    assert GroupMembership.objects.filter(group=group, role=MemberRole.MEMBER).count() == 2


def test_a_newcomer_is_invited_to_upcoming_meetings_and_nobody_twice(setup: Setup) -> None:
    _org, coordinator, group = setup
    early = make_person("Eerste Deelnemer")
    actions.add_member(coordinator, group, early)
    start = timezone.now() + timedelta(days=20)
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + timedelta(hours=2), location="Utrecht")
    send_invitations(meeting)
    late = make_person("Late Deelnemer")
    actions.add_member(coordinator, group, late)
    invitations = OutboxMessage.objects.filter(kind="kring.meeting.invitation")
    assert sorted(invitations.values_list("recipient__name", flat=True)) == ["Eerste Deelnemer", "Late Deelnemer"]
