"""Who may see and do what in Kring: the one place that says it.

*Facts* are what a person is: member or facilitator of a group (a GroupMembership row),
coordinator, facilitator or member of an organisation (an OrgMembership row), Kring staff.
*Rules* combine facts into what a person may see and do ("in the circle", "may plan
meetings"). A rule reads both ways from one definition: ``rule(reach)`` answers for one
group, ``groups_where(rule, person)`` selects every group where it holds — so a page that
shows one group and a list that shows many can never disagree (a test walks every role of
the permission matrix to check it).

Roles inside one meeting (chair, note-taker, timekeeper, case bringer) are facts of rows
in higher areas; they reach this module as ids (``session_roles``), so it stays below them.
To add a role: add its fact to ``Facts``/``OrgFacts`` and its rule here; nowhere else.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeGuard
from uuid import UUID

from django.db.models import Q, QuerySet

from kring.accounts.models import Person, User
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.organisations.models import Organisation, OrgMembership, OrgRole

NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


def signed_in(person: Person | None) -> TypeGuard[User]:
    return isinstance(person, User) and person.is_authenticated


def is_staff(person: Person | None) -> bool:
    """Kring staff: the people who run the installation (not a role in any group)."""
    return signed_in(person) and person.is_staff


def holds_trust(person: Person | None) -> bool:
    """Staff, a facilitator (of a group or in an organisation) or a coordinator: the people
    whose account opens other people's data, and who must use two-factor login."""
    if not signed_in(person):
        return False
    return (person.is_staff
            or GroupMembership.objects.filter(person=person, role=MemberRole.FACILITATOR).exists()
            or OrgMembership.objects.filter(person=person, role__in=[OrgRole.COORDINATOR, OrgRole.FACILITATOR]).exists())


# --- Facts of one person about one group -----------------------------------------------

@dataclass(frozen=True)
class Facts:
    member: bool = False
    facilitator: bool = False
    coordinator: bool = False  # of the organisation the group belongs to
    staff: bool = False
    self_directed: bool = False  # the group's chair rotates among its members


class Rule:
    """A condition on one person and one group, readable for one group (``rule(facts)``)
    and for all of them (``rule.where(person)``, a Q over IntervisionGroup)."""

    def __init__(self, holds: Callable[[Facts], bool], where: Callable[[User], Q]) -> None:
        self._holds = holds
        self._where = where

    def __call__(self, facts: Facts) -> bool:
        return self._holds(facts)

    def where(self, person: Person | None) -> Q:
        return self._where(person) if signed_in(person) else NOTHING

    def __or__(self, other: Rule) -> Rule:
        return Rule(lambda f: self(f) or other(f), lambda p: self._where(p) | other._where(p))

    def __and__(self, other: Rule) -> Rule:
        return Rule(lambda f: self(f) and other(f), lambda p: self._where(p) & other._where(p))


def _membership(person: User, role: str) -> Q:
    # A subquery, not a join: combined rules never multiply rows or need distinct().
    return Q(pk__in=GroupMembership.objects.filter(person=person, role=role).values("group_id"))


def _org_role(person: User, role: str, path: str = "organisation_id") -> Q:
    return Q(**{f"{path}__in": OrgMembership.objects.filter(person=person, role=role).values("organisation_id")})


MEMBER = Rule(lambda f: f.member, lambda p: _membership(p, MemberRole.MEMBER))
FACILITATOR = Rule(lambda f: f.facilitator, lambda p: _membership(p, MemberRole.FACILITATOR))
COORDINATOR = Rule(lambda f: f.coordinator, lambda p: _org_role(p, OrgRole.COORDINATOR))
STAFF = Rule(lambda f: f.staff, lambda p: EVERYTHING if p.is_staff else NOTHING)
SELF_DIRECTED = Rule(lambda f: f.self_directed, lambda p: Q(chair_rotates=True))

# Only the circle ever sees a group's confidential content: cases, notes, reports, polls.
CIRCLE = MEMBER | FACILITATOR
# Who sees that the group exists, its members and its meetings.
VIEW = CIRCLE | COORDINATOR | STAFF
# Group settings, membership, methods, fee.
MANAGE = FACILITATOR | COORDINATOR
# Plan, move and cancel meetings: the managers; in a self-directed group every member.
PLAN_MEETINGS = MANAGE | (SELF_DIRECTED & MEMBER)
# Date polls are answered with personal reasons: only planners inside the circle run them.
RUN_POLLS = CIRCLE & PLAN_MEETINGS
# Prepare the live meeting and keep the safety agreements: the facilitator; in a
# self-directed group every member.
LEAD = FACILITATOR | (SELF_DIRECTED & MEMBER)

# Whether mail may carry the full text of cases and reports: the facilitator alone.
SET_MAIL_POLICY = FACILITATOR

GROUP_RULES: dict[str, Rule] = {
    "member": MEMBER, "facilitator": FACILITATOR, "coordinator": COORDINATOR, "staff": STAFF,
    "in_circle": CIRCLE, "can_view": VIEW, "can_manage": MANAGE, "can_plan_meetings": PLAN_MEETINGS,
    "can_run_polls": RUN_POLLS, "can_lead": LEAD, "can_set_mail_policy": SET_MAIL_POLICY,
}


@dataclass(frozen=True)
class Reach(Facts):
    """What one person may see and do with one group."""

    @property
    def can_view(self) -> bool:
        return VIEW(self)

    @property
    def in_circle(self) -> bool:
        return CIRCLE(self)

    @property
    def can_manage(self) -> bool:
        return MANAGE(self)

    @property
    def can_plan_meetings(self) -> bool:
        return PLAN_MEETINGS(self)

    @property
    def can_run_polls(self) -> bool:
        return RUN_POLLS(self)

    @property
    def can_lead(self) -> bool:
        """Prepare the live meeting, keep the group's safety agreements."""
        return LEAD(self)

    @property
    def can_set_mail_policy(self) -> bool:
        """Turn full text in mail on or off for the group."""
        return SET_MAIL_POLICY(self)

    @property
    def can_bring_case(self) -> bool:
        """Members bring cases, vote on them and evaluate meetings; facilitators do not."""
        return self.member

    @property
    def can_facilitate(self) -> bool:
        """Reports, attendance, signed statements: the facilitator's work."""
        return self.facilitator


def reach(person: Person | None, group: IntervisionGroup) -> Reach:
    if not signed_in(person):
        return Reach(self_directed=group.chair_rotates)
    roles = set(GroupMembership.objects.filter(group=group, person=person).values_list("role", flat=True))
    coordinator = group.organisation_id is not None and OrgMembership.objects.filter(
        organisation_id=group.organisation_id, person=person, role=OrgRole.COORDINATOR).exists()
    return Reach(member=MemberRole.MEMBER in roles, facilitator=MemberRole.FACILITATOR in roles,
                 coordinator=coordinator, staff=person.is_staff, self_directed=group.chair_rotates)


def groups_where(rule: Rule, person: Person | None) -> QuerySet[IntervisionGroup]:
    return IntervisionGroup.objects.filter(rule.where(person))


def visible_groups(person: Person | None) -> QuerySet[IntervisionGroup]:
    return groups_where(VIEW, person)


def circle_groups(person: Person | None) -> QuerySet[IntervisionGroup]:
    """Groups whose confidential content (cases, notes, reports, polls) this person may see."""
    return groups_where(CIRCLE, person)


def managed_groups(person: Person | None) -> QuerySet[IntervisionGroup]:
    return groups_where(MANAGE, person)


def facilitated_groups(person: Person | None) -> QuerySet[IntervisionGroup]:
    return groups_where(FACILITATOR, person)


# --- People of a group (for a caller that already holds the group) ---------------------

def _people(group: IntervisionGroup, member_roles: tuple[str, ...], *order: str) -> QuerySet[User]:
    # One membership per person and group: the join never repeats a person.
    return User.objects.filter(group_memberships__group=group, group_memberships__role__in=member_roles).order_by(*order)


def circle_people(group: IntervisionGroup) -> QuerySet[User]:
    """Members and facilitators (facilitators first): the people who are invited and may see cases."""
    return _people(group, (MemberRole.FACILITATOR, MemberRole.MEMBER), "group_memberships__role", "name")


def members(group: IntervisionGroup) -> QuerySet[User]:
    return _people(group, (MemberRole.MEMBER,), "name")


def facilitators(group: IntervisionGroup) -> QuerySet[User]:
    """In the order they joined: the first one chairs a group whose chair does not rotate."""
    return _people(group, (MemberRole.FACILITATOR,), "group_memberships__created_at")


# --- Organisations -----------------------------------------------------------------------

@dataclass(frozen=True)
class OrgFacts:
    coordinator: bool = False
    facilitator: bool = False
    member: bool = False
    staff: bool = False
    privacy_officer: bool = False


class OrgRule:
    """As ``Rule``, for one person and one organisation."""

    def __init__(self, holds: Callable[[OrgFacts], bool], where: Callable[[User, str], Q]) -> None:
        self._holds = holds
        self._where = where

    def __call__(self, facts: OrgFacts) -> bool:
        return self._holds(facts)

    def where(self, person: Person | None, path: str = "pk") -> Q:
        """A Q over Organisation, or over any model whose ``path`` leads to an organisation id."""
        return self._where(person, path) if signed_in(person) else NOTHING

    def __or__(self, other: OrgRule) -> OrgRule:
        return OrgRule(lambda f: self(f) or other(f), lambda p, path: self._where(p, path) | other._where(p, path))


ORG_COORDINATOR = OrgRule(lambda f: f.coordinator, lambda p, path: _org_role(p, OrgRole.COORDINATOR, path))
ORG_FACILITATOR = OrgRule(lambda f: f.facilitator, lambda p, path: _org_role(p, OrgRole.FACILITATOR, path))
ORG_MEMBER = OrgRule(lambda f: f.member, lambda p, path: _org_role(p, OrgRole.MEMBER, path))
ORG_STAFF = OrgRule(lambda f: f.staff, lambda p, path: EVERYTHING if p.is_staff else NOTHING)
ORG_PRIVACY_OFFICER = OrgRule(lambda f: f.privacy_officer, lambda p, path: _org_role(p, OrgRole.PRIVACY_OFFICER, path))
# Anyone with a role in the organisation sees it and its offers.
ORG_VIEW = ORG_COORDINATOR | ORG_FACILITATOR | ORG_MEMBER
# Offers, applications, formation runs, capacities and the member list: coordinators.
ORG_MANAGE = ORG_COORDINATOR
# Invite people into an organisation: its coordinators, and staff (who appoint the first
# coordinator of an organisation they created, before it has anyone).
ORG_INVITE = ORG_COORDINATOR | ORG_STAFF

# Who read what in the organisation's groups: its privacy officer, and nobody else (not
# even a coordinator: the log says who brought which case).
ORG_ACCESS_LOG = ORG_PRIVACY_OFFICER

ORG_RULES: dict[str, OrgRule] = {
    "coordinator": ORG_COORDINATOR, "facilitator": ORG_FACILITATOR, "member": ORG_MEMBER, "staff": ORG_STAFF,
    "privacy_officer": ORG_PRIVACY_OFFICER,
    "can_view": ORG_VIEW, "can_manage": ORG_MANAGE, "can_invite": ORG_INVITE, "can_read_access_log": ORG_ACCESS_LOG,
}


@dataclass(frozen=True)
class OrgReach(OrgFacts):
    @property
    def can_view(self) -> bool:
        return ORG_VIEW(self)

    @property
    def can_manage(self) -> bool:
        return ORG_MANAGE(self)

    @property
    def can_invite(self) -> bool:
        return ORG_INVITE(self)

    @property
    def can_read_access_log(self) -> bool:
        return ORG_ACCESS_LOG(self)


def org_reach(person: Person | None, organisation: Organisation | None) -> OrgReach:
    if organisation is None or not signed_in(person):
        return OrgReach()
    held = set(OrgMembership.objects.filter(organisation=organisation, person=person).values_list("role", flat=True))
    return OrgReach(coordinator=OrgRole.COORDINATOR in held, facilitator=OrgRole.FACILITATOR in held,
                    member=OrgRole.MEMBER in held, staff=person.is_staff,
                    privacy_officer=OrgRole.PRIVACY_OFFICER in held)


def staff_organisations(person: Person | None) -> QuerySet[Organisation]:
    """Every organisation for staff (who create them and appoint coordinators), none for others."""
    return organisations_where(ORG_STAFF, person)


def has_administrator() -> bool:
    """Whether anyone can run the installation yet (a fresh database has no staff account)."""
    return User.objects.filter(is_staff=True, is_active=True).exists()


def own_org_memberships(person: Person | None) -> QuerySet[OrgMembership]:
    """The roles a person holds in organisations: theirs to see and to leave."""
    if not signed_in(person):
        return OrgMembership.objects.none()
    return OrgMembership.objects.filter(person=person).select_related("organisation")


def organisations_where(rule: OrgRule, person: Person | None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(rule.where(person))


def member_organisations(person: Person | None) -> QuerySet[Organisation]:
    """Organisations in which this person holds any role."""
    return organisations_where(ORG_VIEW, person)


def coordinated_organisations(person: Person | None) -> QuerySet[Organisation]:
    return organisations_where(ORG_MANAGE, person)


def access_log_organisations(person: Person | None) -> QuerySet[Organisation]:
    """The organisations whose groups' access log this person reads (as privacy officer)."""
    return organisations_where(ORG_ACCESS_LOG, person)


def access_log_groups(organisation: Organisation) -> QuerySet[IntervisionGroup]:
    """The groups whose reads an organisation's privacy officer sees."""
    return IntervisionGroup.objects.filter(organisation=organisation)


def can_create_group(person: Person | None, organisation: Organisation | None) -> bool:
    """A coordinator for their organisation (or staff); anyone signed in for an
    independent group of their own, which they then facilitate."""
    if organisation is None:
        return signed_in(person)
    return org_reach(person, organisation).can_manage or is_staff(person)


def org_people(organisation: Organisation, role: str) -> QuerySet[User]:
    """Active people holding a role in an organisation (e.g. its facilitators)."""
    return User.objects.filter(
        pk__in=OrgMembership.objects.filter(organisation=organisation, role=role).values("person_id"),
        is_active=True).order_by("name")


# --- Roles within one live meeting -------------------------------------------------------

class SessionLike(Protocol):
    # Read-only, so a model whose fields are nullable foreign keys to people matches.
    @property
    def chair_id(self) -> UUID | None: ...

    @property
    def note_taker_id(self) -> UUID | None: ...

    @property
    def timekeeper_id(self) -> UUID | None: ...

    @property
    def controls_handed_over(self) -> bool: ...


@dataclass(frozen=True)
class SessionRoles:
    """One person's roles in one live meeting, with what they may do there."""

    reach: Reach
    chair: bool = False
    note_taker: bool = False
    timekeeper: bool = False
    bringer: bool = False  # of the case the current block treats
    # A facilitator who is not the chair keeps the controls beside them, until they hand
    # them over: a rotating chair may be new to it, and the meeting must never lose its lead.
    co_chair: bool = False

    @property
    def member(self) -> bool:
        return self.reach.member

    @property
    def facilitator(self) -> bool:
        return self.reach.facilitator

    @property
    def can_control(self) -> bool:
        """Start, pause, move between blocks, run the vote: the chair, and the facilitator
        as co-chair unless they handed the controls over."""
        return self.reach.in_circle and (self.chair or self.co_chair)

    @property
    def can_organise(self) -> bool:
        """The agenda, the roles and the settings: the chair or the facilitator."""
        return self.reach.in_circle and (self.chair or self.reach.facilitator)

    @property
    def can_take_notes(self) -> bool:
        return self.reach.in_circle and (self.note_taker or self.chair)


def session_roles(person: Person | None, session: SessionLike, group_reach: Reach,
                  bringer_id: UUID | None = None) -> SessionRoles:
    if not signed_in(person):
        return SessionRoles(group_reach)
    pk = person.pk
    chair = session.chair_id == pk
    return SessionRoles(group_reach, chair=chair, note_taker=session.note_taker_id == pk,
                        timekeeper=session.timekeeper_id == pk, bringer=bringer_id is not None and bringer_id == pk,
                        co_chair=group_reach.facilitator and not chair and not session.controls_handed_over)


def may_edit_report(person: Person | None, group_reach: Reach, note_taker_id: UUID | None) -> bool:
    """A report is written by the group's facilitator or the meeting's note-taker."""
    if not group_reach.in_circle:
        return False
    return group_reach.facilitator or (signed_in(person) and note_taker_id == person.pk)


def may_read_report(person: Person | None, group_reach: Reach, note_taker_id: UUID | None, sent: bool) -> bool:
    """The whole report: the circle once it is sent. A draft only those who write it (the
    facilitator, the note-taker): a case bringer's part is not out before she approved it."""
    if not group_reach.in_circle:
        return False
    return sent or may_edit_report(person, group_reach, note_taker_id)


def may_read_report_part(person: Person | None, group_reach: Reach, note_taker_id: UUID | None, sent: bool,
                         bringer_id: UUID) -> bool:
    """One case part: whoever may read the whole report, and, in the draft, its own case
    bringer (she reads it to approve it)."""
    if may_read_report(person, group_reach, note_taker_id, sent):
        return True
    return group_reach.in_circle and signed_in(person) and bringer_id == person.pk
