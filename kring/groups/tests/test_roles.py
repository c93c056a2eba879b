"""The roles module answers each question twice — for one group (``reach``) and for all
groups at once (querysets) — from one definition. For every role of the permission
matrix, on every kind of group, the two answers agree."""
from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import pytest
from django.contrib.auth.models import AnonymousUser

from kring.accounts.models import Person, User
from kring.groups import actions, roles
from kring.groups.models import IntervisionGroup, MemberRole
from kring.organisations.models import Organisation
from kring.site.matrix import ROLES, build_world
from kring.site.testing import make_group, put_in_group

pytestmark = pytest.mark.django_db


def _cast() -> tuple[dict[str, Person], list[IntervisionGroup], list[Organisation]]:
    world = build_world()
    people: dict[str, Person] = {"anonymous": AnonymousUser(), **world.people}
    # Besides the matrix's two groups: a self-directed group (every member plans and
    # leads) and an independent group without an organisation.
    self_directed = make_group(world.people["coordinator"], world.org, "Zelfsturend", chair_rotates=True)
    put_in_group(self_directed, world.people["member"])
    put_in_group(self_directed, world.people["other_facilitator"], MemberRole.FACILITATOR)
    independent = actions.create_group(world.people["facilitator"], None, name="Eigen praktijk", min_size=4, max_size=8)
    put_in_group(independent, world.people["other_coordinator"])
    return people, [world.group, world.other_group, self_directed, independent], [world.org, world.other_org]


def test_one_group_and_all_groups_give_the_same_answer_for_every_role_and_rule() -> None:
    people, groups, orgs = _cast()
    disagreements = []
    for role in ROLES:
        person = people[role]
        for group in groups:
            reach = roles.reach(person, group)
            for name, rule in roles.GROUP_RULES.items():
                one = rule(reach)
                assert getattr(reach, name) == one, f"Reach.{name} is not the rule {name}"
                many = roles.groups_where(rule, person).filter(pk=group.pk).exists()
                if one != many:
                    disagreements.append((role, group.name, name, one, many))
        for org in orgs:
            org_reach = roles.org_reach(person, org)
            for name, org_rule in roles.ORG_RULES.items():
                one = org_rule(org_reach)
                assert getattr(org_reach, name) == one
                many = roles.organisations_where(org_rule, person).filter(pk=org.pk).exists()
                if one != many:
                    disagreements.append((role, org.name, name, one, many))
    assert disagreements == []


def test_the_answers_are_what_the_domain_says() -> None:
    """Spot checks that the rules themselves are right, not only consistent."""
    people, (group, other, self_directed, independent), (org, _other_org) = _cast()
    member, facilitator, coordinator, staff = (people[r] for r in ("member", "facilitator", "coordinator", "staff"))
    assert roles.reach(member, group).in_circle and not roles.reach(member, group).can_plan_meetings
    assert roles.reach(member, self_directed).can_plan_meetings and roles.reach(member, self_directed).can_lead
    assert roles.reach(coordinator, group).can_manage and not roles.reach(coordinator, group).in_circle
    assert not roles.reach(coordinator, group).can_run_polls  # polls hold personal answers: circle only
    assert roles.reach(staff, other).can_view and not roles.reach(staff, other).in_circle
    assert roles.reach(facilitator, independent).can_manage and not roles.reach(coordinator, independent).can_view
    assert not roles.reach(AnonymousUser(), group).can_view
    assert set(roles.circle_people(group)) == {member, facilitator}
    assert list(roles.members(group)) == [member]
    assert roles.org_reach(coordinator, org).can_manage and not roles.org_reach(member, org).can_manage
    assert roles.org_reach(member, org).can_view


def test_a_report_draft_is_read_by_who_writes_it_and_each_bringer_her_own_part() -> None:
    people, (group, other, _self_directed, _independent), _orgs = _cast()
    member, facilitator, other_facilitator = people["member"], people["facilitator"], people["other_facilitator"]
    assert isinstance(member, User) and isinstance(facilitator, User)
    note_taker = member
    outsider_reach = roles.reach(other_facilitator, group)
    for sent in (False, True):
        assert roles.may_read_report(facilitator, roles.reach(facilitator, group), None, sent)
        assert roles.may_read_report(member, roles.reach(member, group), note_taker.pk, sent)  # the note-taker
        assert roles.may_read_report(member, roles.reach(member, group), None, sent) is sent
        assert not roles.may_read_report(other_facilitator, outsider_reach, None, sent)
        assert not roles.may_read_report(AnonymousUser(), roles.reach(AnonymousUser(), group), None, sent)
        # Her own part she reads in the draft; someone else's only once the report is sent.
        assert roles.may_read_report_part(member, roles.reach(member, group), None, sent, member.pk)
        assert roles.may_read_report_part(member, roles.reach(member, group), None, sent, facilitator.pk) is sent
        # Outside the circle being the bringer is no reach (a member who left the group).
        assert not roles.may_read_report_part(member, roles.reach(member, other), None, sent, member.pk)


@dataclass(frozen=True)
class _Session:
    chair_id: UUID | None
    note_taker_id: UUID | None = None
    timekeeper_id: UUID | None = None
    controls_handed_over: bool = False


def test_the_facilitator_is_co_chair_of_a_live_meeting_until_handing_over() -> None:
    people, groups, _orgs = _cast()
    group, member, facilitator = groups[0], people["member"], people["facilitator"]
    assert isinstance(member, User) and isinstance(facilitator, User)
    reach_of = {p: roles.reach(p, group) for p in (member, facilitator)}
    chaired_by_member = _Session(chair_id=member.pk)
    facilitating = roles.session_roles(facilitator, chaired_by_member, reach_of[facilitator])
    assert facilitating.co_chair and facilitating.can_control and not facilitating.chair
    assert roles.session_roles(member, chaired_by_member, reach_of[member]).can_control
    handed_over = _Session(chair_id=member.pk, controls_handed_over=True)
    assert not roles.session_roles(facilitator, handed_over, reach_of[facilitator]).can_control
    assert roles.session_roles(member, handed_over, reach_of[member]).can_control
    # A member who is not the chair never gets the controls.
    assert not roles.session_roles(member, _Session(chair_id=facilitator.pk), reach_of[member]).can_control
