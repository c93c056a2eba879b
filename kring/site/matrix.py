"""The permission matrix: for every URL pattern of Kring, the status each role gets.

Each area declares its rows in ``kring/<area>/tests/matrix.py`` as ``ROWS`` (and, if its
rows need objects of their own, a ``setup(world)`` that creates them in ``world.extra``).
The test walks the URL resolver; a pattern without a row fails it."""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from kring.accounts.models import User
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

ROLES = (
    "anonymous", "member", "facilitator", "other_facilitator", "coordinator", "other_coordinator", "staff",
)

# Patterns Kring does not own; each with the reason it is left out.
EXEMPT_PREFIXES: dict[str, str] = {
    "admin:": "Django's admin: only active staff with permissions, enforced by Django itself",
    "account_": "django-allauth's login, signup, reset and account pages: public by design or login-protected by allauth",
    "mfa_": "django-allauth's two-factor pages: login-protected by allauth",
    "djdt:": "debug toolbar (never installed in production)",
}


@dataclass
class World:
    """The cast: one person per role, two organisations, a group in each."""

    people: dict[str, User]
    org: Organisation
    other_org: Organisation
    group: IntervisionGroup
    other_group: IntervisionGroup
    member_membership: GroupMembership
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    url: str  # "namespace:name"
    expect: dict[str, int]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    # "session": the role logs in; "token": the role sends its API token (world.extra
    # ["api_tokens"][role], every scope) as a bearer header and JSON bodies, no session.
    auth: str = "session"

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"row {self.url} has no expected status for {sorted(missing)}")


def expect(anonymous: int, member: int, facilitator: int, other_facilitator: int, coordinator: int,
           other_coordinator: int, staff: int) -> dict[str, int]:
    return {"anonymous": anonymous, "member": member, "facilitator": facilitator, "other_facilitator": other_facilitator,
            "coordinator": coordinator, "other_coordinator": other_coordinator, "staff": staff}


def everyone_logged_in(status: int = 200) -> dict[str, int]:
    return expect(302, status, status, status, status, status, status)


def circle(ok: int = 200) -> dict[str, int]:
    """Only the group's own circle (members and facilitators): cases, notes, reports."""
    return expect(302, ok, ok, 404, 404, 404, 404)


def managers(ok: int = 200, member: int = 403) -> dict[str, int]:
    """The facilitator and coordinator manage; members see the group but may not act."""
    return expect(302, member, ok, 404, ok, 404, 403)


def api(statuses: dict[str, int]) -> dict[str, int]:
    """The same expectations for an API route: without a token the answer is 401, not a
    redirect to the login page."""
    return {**statuses, "anonymous": 401}


def viewers(ok: int = 200) -> dict[str, int]:
    """Everyone who can see the group: its circle, its coordinator, and staff."""
    return expect(302, ok, ok, 404, ok, 404, ok)


def iter_patterns(resolvers: list[Any] | None = None, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) for every pattern, names qualified by namespace ('' if unnamed)."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_patterns(entry.url_patterns, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name or '<unnamed>'}" if namespace or entry.name else ""
            yield name, prefix + str(entry.pattern)


def area_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kring."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.matrix":
                raise
    return modules


def all_rows() -> list[Row]:
    return [row for module in area_modules() for row in getattr(module, "ROWS", [])]


def is_exempt(name: str) -> bool:
    return any(name.startswith(prefix) for prefix in EXEMPT_PREFIXES)


def missing_rows(rows: list[Row] | None = None, urlconf: str | None = None) -> list[str]:
    """URL patterns that have no row (and are not exempt): each is a failure."""
    covered = {row.url for row in (rows if rows is not None else all_rows())}
    missing = []
    for name, route in iter_patterns(get_resolver(urlconf).url_patterns):
        if not name:
            missing.append(f"(unnamed) {route}")
        elif name not in covered and not is_exempt(name):
            missing.append(f"{name} {route}")
    return missing


def build_world() -> World:
    people = {role: make_person(role.replace("_", " ").title()) for role in ROLES if role != "anonymous"}
    people["staff"].is_staff = True
    people["staff"].save()
    org, other_org = make_org("Organisatie A"), make_org("Organisatie B")
    join_org(people["coordinator"], org, OrgRole.COORDINATOR)
    join_org(people["other_coordinator"], other_org, OrgRole.COORDINATOR)
    join_org(people["member"], org)
    join_org(people["facilitator"], org, OrgRole.FACILITATOR)
    join_org(people["other_facilitator"], other_org, OrgRole.FACILITATOR)
    group = make_group(people["coordinator"], org, "Groep A")
    other_group = make_group(people["other_coordinator"], other_org, "Groep B")
    put_in_group(group, people["facilitator"], MemberRole.FACILITATOR)
    membership = put_in_group(group, people["member"])
    put_in_group(other_group, people["other_facilitator"], MemberRole.FACILITATOR)
    world = World(people, org, other_org, group, other_group, membership)
    for module in area_modules():
        setup = getattr(module, "setup", None)
        if setup is not None:
            setup(world)
    return world
