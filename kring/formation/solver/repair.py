"""Stage 3 of Kring formation: facilitators matched to groups, and leftovers put in.

* Facilitator–applicant conflicts: a facilitator may not lead a group holding someone
  they must stay apart from. Within a bucket, groups and facilitator places are matched
  by augmenting paths (Kuhn); a group left without a conflict-free facilitator gets the
  one with the fewest conflicting members, and those members are taken out.
* Leftovers: eligible people the buckets did not place (the plan works on aggregates, and
  repairs take people out) are inserted into any group with room whose slot, `same`
  values, teams, conflicts, client cap and facilitator allow it; failing that, one member
  of a full group moves to another group with room to make a place (an ejection chain of
  length one). Every insertion keeps all hard rules, so the checker still passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .model import Applicant, Group, Rules


def match_facilitators(groups: Sequence[Sequence[str]], places: Sequence[str],
                       fac_cannot: dict[str, set[str]]) -> list[int]:
    """Index into `places` for each group (len(places) ≥ len(groups)); groups that no
    conflict-free place can take get the least conflicting free place (-1 never)."""
    ok = [[not (fac_cannot.get(f, set()) & set(g)) for f in places] for g in groups]
    owner: list[int] = [-1] * len(places)

    def augment(gi: int, seen: set[int]) -> bool:
        for pi, good in enumerate(ok[gi]):
            if good and pi not in seen:
                seen.add(pi)
                if owner[pi] < 0 or augment(owner[pi], seen):
                    owner[pi] = gi
                    return True
        return False

    for gi in range(len(groups)):
        augment(gi, set())
    out = [-1] * len(groups)
    for pi, gi in enumerate(owner):
        if gi >= 0:
            out[gi] = pi
    for gi in range(len(groups)):
        if out[gi] < 0:
            free = [pi for pi in range(len(places)) if owner[pi] < 0]
            pi = min(free, key=lambda p: (len(fac_cannot.get(places[p], set()) & set(groups[gi])), p))
            owner[pi] = gi
            out[gi] = pi
    return out


def fits_fn(rules: Rules, cannot: dict[str, set[str]], fac_cannot: dict[str, set[str]],
            by_id: dict[str, Applicant]) -> Callable[[Applicant, Group, str | None], bool]:
    """fits(a, g, leaving): could `a` join g (with member `leaving` gone) under every
    hard rule that depends on the group? Size is the caller's business."""

    def fits(a: Applicant, g: Group, leaving: str | None = None) -> bool:
        if rules.common_slot and g.slot not in a.availability:
            return False
        if a.id in fac_cannot.get(g.facilitator, ()):
            return False
        others = [by_id[m] for m in g.members if m != leaving]
        if any(o.attr(x) != a.attr(x) for o in others[:1] for x in rules.same):
            return False
        if any(o.id in cannot.get(a.id, ()) or (rules.outside_own_team and o.team == a.team)
               for o in others):
            return False
        clients = sum(o.role == "client" for o in others)
        return a.role != "client" or clients < rules.max_clients_per_group

    return fits


def insert_leftovers(groups: list[Group], leftovers: Sequence[Applicant], rules: Rules,
                     fits: Callable[[Applicant, Group, str | None], bool],
                     by_id: dict[str, Applicant]) -> set[str]:
    """Put leftovers into groups (directly, or by moving one member elsewhere first);
    returns the ids placed. Groups are tried smallest first, so sizes stay even."""
    placed: set[str] = set()
    for a in leftovers:
        order = sorted(range(len(groups)), key=lambda k: (len(groups[k].members), k))
        target = next((k for k in order if len(groups[k].members) < rules.max_size
                       and fits(a, groups[k], None)), None)
        if target is not None:
            groups[target].members.append(a.id)
            placed.add(a.id)
            continue
        for k in order:  # make room: move one member y of g to a group h with room
            g = groups[k]
            move = next(((y, h) for y in g.members if fits(a, g, y)
                         for h in order if h != k and len(groups[h].members) < rules.max_size
                         and fits(by_id[y], groups[h], None)), None)
            if move is not None:
                y, h = move
                g.members.remove(y)
                groups[h].members.append(y)
                g.members.append(a.id)
                placed.add(a.id)
                break
    return placed


def open_groups(groups: list[Group], leftovers: Sequence[Applicant], rules: Rules,
                fits: Callable[[Applicant, Group, str | None], bool],
                by_id: dict[str, Applicant], spare: dict[str, tuple[int, frozenset[str]]]
                ) -> set[str]:
    """New groups for leftovers too few to fill one alone: a facilitator with capacity
    left (spare: id → (groups free, slots)) opens a group at a slot, takes the leftovers
    who fit and tops it up to min_size with members of groups at that slot that can
    spare one (size > min_size). Rolled back unless it reaches min_size."""
    placed: set[str] = set()
    for fid in sorted(spare):
        free, slots = spare[fid]
        for slot in (sorted(slots) if rules.common_slot else [None]):
            while free > 0:
                new = Group([], fid, slot)
                for a in leftovers:
                    if a.id not in placed and len(new.members) < rules.max_size \
                            and fits(a, new, None):
                        new.members.append(a.id)
                if not new.members:
                    break
                moved: list[tuple[Group, str]] = []
                donors = sorted((g for g in groups if g.slot == slot or not rules.common_slot),
                                key=lambda g: -len(g.members))
                for g in donors:
                    if len(new.members) >= rules.min_size:
                        break
                    y = next((y for y in g.members if len(g.members) > rules.min_size
                              and fits(by_id[y], new, None)), None)
                    if y is not None:
                        g.members.remove(y)
                        new.members.append(y)
                        moved.append((g, y))
                if len(new.members) < rules.min_size:
                    for g, y in moved:  # roll back
                        g.members.append(y)
                    break
                groups.append(new)
                placed |= {m for m in new.members if m not in {y for _, y in moved}}
                free -= 1
    return placed
