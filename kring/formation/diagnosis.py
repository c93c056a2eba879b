"""Why a formation run placed nobody or few: the offer's rule at fault, named with the
numbers that make it bind, and the change that would help.

A pure function over the solver's instance (the one ``engine.build_instance`` makes for
the run): no database, and the solver package itself stays free of Django and of Dutch.
The checks are counting arguments, so each finding is a proof that the rule limits the
result, not a guess: e.g. with "outside your own team" a group holds at most one person
per team, so five teams can never make a group of six."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:  # the types only (the solver is imported where it runs)
    from kring.formation.solver import model as sm


@dataclass(frozen=True)
class Finding:
    rule: str  # the offer's rule (its field name), for tests and logs
    problem: str  # what makes it bind, with the numbers (translated)
    suggestion: str  # the change that would help (translated)


def most_groups_one_per_team(team_sizes: Sequence[int], min_size: int) -> int:
    """The most groups of ``min_size`` that can be formed with at most one member from
    each team. ``g`` groups are possible exactly when the teams can fill them: each team
    gives at most one person to each group, so at most min(size, g) people in all, and
    together that must reach g × min_size."""
    if min_size <= 0:
        return 0
    g = sum(team_sizes) // min_size
    while g > 0 and sum(min(size, g) for size in team_sizes) < g * min_size:
        g -= 1
    return g


def _team_sizes(people: Sequence[sm.Applicant]) -> Counter[str]:
    # Someone without a team can sit with anyone: a team of their own.
    return Counter(a.team or f"\0{a.id}" for a in people)


def _eligible(inst: sm.Instance) -> list[sm.Applicant]:
    r = inst.rules
    return [a for a in inst.applicants
            if a.experience_years >= r.min_experience_years and (r.clients_allowed or a.role != "client")]


def _outside_own_team(people: list[sm.Applicant], min_size: int) -> Finding | None:
    sizes = _team_sizes(people)
    teams, n = len(sizes), len(people)
    most = most_groups_one_per_team(list(sizes.values()), min_size)
    if most == 0:
        problem = ngettext(
            "Outside your own team: only %(teams)d team among %(n)d applicants, groups need %(min)d.",
            "Outside your own team: only %(teams)d teams among %(n)d applicants, groups need %(min)d.", teams,
        ) % {"teams": teams, "n": n, "min": min_size}
        suggestion = (_("Turn off “groups outside your own team”, or lower the minimum group size to %(teams)d.")
                      % {"teams": teams} if teams >= 2 else _("Turn off “groups outside your own team”."))
        return Finding("outside_own_team", problem, suggestion)
    if most < n // min_size:
        team, count = sizes.most_common(1)[0]
        return Finding(
            "outside_own_team",
            ngettext("Outside your own team: the %(teams)d teams allow at most %(most)d group of %(min)d; "
                     "“%(team)s” alone has %(count)d of the %(n)d applicants.",
                     "Outside your own team: the %(teams)d teams allow at most %(most)d groups of %(min)d; "
                     "“%(team)s” alone has %(count)d of the %(n)d applicants.", most)
            % {"teams": teams, "most": most, "min": min_size, "team": team, "count": count, "n": n},
            _("Turn off “groups outside your own team”, or accept more applicants from other teams."),
        )
    return None


def _common_slot(people: list[sm.Applicant], facilitators: list[sm.Facilitator], rules: sm.Rules,
                 slot_label: Callable[[str], str], count_teams: bool) -> Finding | None:
    """At one time slot a group holds only those free then (and, with ``count_teams``,
    one of each team among them)."""
    slots = sorted(set().union(*(f.availability for f in facilitators)))
    if not slots:
        return Finding("common_slot", _("One time slot: no facilitator with free capacity has given a time slot."),
                       _("Ask the facilitators for the time slots they can make."))

    def largest_group(slot: str) -> int:
        there = [a for a in people if slot in a.availability]
        return len(_team_sizes(there)) if count_teams else len(there)

    best = max(slots, key=lambda s: (largest_group(s), s))
    most = min(largest_group(best), rules.max_size)
    if most >= rules.min_size:
        return None
    return Finding(
        "common_slot",
        _("One time slot: at no time slot can %(min)d applicants meet with a facilitator; "
          "the most is %(most)d, on %(slot)s.") % {"min": rules.min_size, "most": most, "slot": slot_label(best)},
        _("Ask the applicants for more time slots, find a facilitator for another time, "
          "or turn off “everyone in a group shares a time slot”."),
    )


def diagnose(inst: sm.Instance, slot_label: Callable[[str], str] = str) -> list[Finding]:
    """Every rule of the offer that by itself keeps applicants out of groups, the most
    basic first (too few people, too little experience, no facilitator), then the rules
    of composition. Empty when no single rule explains it."""
    r = inst.rules
    n = len(inst.applicants)
    if n < r.min_size:
        return [Finding("min_size",
                        ngettext("Group size: %(n)d applicant, a group needs at least %(min)d.",
                                 "Group size: %(n)d applicants, a group needs at least %(min)d.", n)
                        % {"n": n, "min": r.min_size},
                        _("Accept more applications, or lower the minimum group size to %(n)d.") % {"n": max(n, 2)})]
    people = _eligible(inst)
    if len(people) < r.min_size:
        return [Finding("min_experience_years",
                        _("Experience: only %(n)d of the %(all)d applicants meet the offer's conditions "
                          "(at least %(years)s years of experience), a group needs %(min)d.")
                        % {"n": len(people), "all": n, "years": f"{r.min_experience_years:g}", "min": r.min_size},
                        _("Lower the minimum years of experience, or accept more applications that meet it."))]
    facilitators = [f for f in inst.facilitators if f.capacity > 0]
    if not facilitators:
        return [Finding("capacity", _("Facilitators: none of the chosen facilitators can take on a new group."),
                        _("Choose a facilitator with free capacity, or give one more room on the capacity page."))]
    findings = []
    if r.outside_own_team and (found := _outside_own_team(people, r.min_size)):
        findings.append(found)
    # Where the teams alone explain it, the slots are not blamed for it as well; otherwise
    # a slot is judged by the teams free then (few teams at each time is a slot problem).
    count_teams = r.outside_own_team and not findings
    if r.common_slot and (found := _common_slot(people, facilitators, r, slot_label, count_teams)):
        findings.append(found)
    room = sum(f.capacity for f in facilitators)
    if room * r.max_size < len(people):
        findings.append(Finding(
            "capacity",
            ngettext("Facilitators: room for %(groups)d new group, so at most %(places)d places for %(n)d applicants.",
                     "Facilitators: room for %(groups)d new groups, so at most %(places)d places for %(n)d applicants.",
                     room) % {"groups": room, "places": room * r.max_size, "n": len(people)},
            _("Ask a facilitator to take on more groups, or add a facilitator."),
        ))
    return findings
