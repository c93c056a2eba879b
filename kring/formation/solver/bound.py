"""A proven upper bound on the Kring diversity objective for given group sizes.

Claim. Let the placed people be split into groups of sizes s_1..s_k, and for one
attribute let N_c be the number of people with value c. For any split, with x_gc the
number of people of value c in group g, the pairs in group g that differ on the attribute
number C(s_g, 2) - Σ_c C(x_gc, 2). Every split yields integers x ≥ 0 with
    Σ_g x_gc = N_c  (each person is somewhere)   and   Σ_c x_gc = s_g  (group sizes),
so   differing pairs ≤ Σ_g C(s_g, 2) - F,   F = min Σ_g Σ_c C(x_gc, 2) over such x.
F is a transportation problem with separable convex costs. Expanding each arc c→g into
unit arcs whose costs are the marginal costs 0, 1, 2, … (C(t,2) - C(t-1,2) = t - 1, non-
decreasing) gives a min-cost flow whose optimum equals F: a min-cost flow uses cheaper
parallel unit arcs first, and network flow problems have integral optima, so the flow
optimum is attained by an integer x and is a lower bound on every integer x's cost.
The objective is Σ_attr w_attr · (differing pairs on attr) with w_attr ≥ 0; bounding each
attribute separately and adding (dropping the coupling between attributes) keeps a valid
upper bound. An attribute that must be equal inside groups (`same`) contributes 0.
Hard rules other than the sizes only shrink the feasible set, so the bound holds for
every feasible grouping of the same people into groups of the same sizes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ortools.graph.python import min_cost_flow


def min_same_pairs(counts: Sequence[int], sizes: Sequence[int]) -> int:
    """F above: the fewest same-value pairs over all fillings of the groups."""
    counts = [c for c in counts if c > 0]
    if sum(counts) != sum(sizes):
        raise ValueError("category counts must add up to the total group size")
    flow = min_cost_flow.SimpleMinCostFlow()
    k = len(sizes)
    source, sink = 0, 1
    cat0, grp0 = 2, 2 + len(counts)
    for ci, nc in enumerate(counts):
        flow.add_arc_with_capacity_and_unit_cost(source, cat0 + ci, nc, 0)
        for g, s in enumerate(sizes):
            for t in range(min(nc, s)):  # t-th unit into group g costs t more pairs
                flow.add_arc_with_capacity_and_unit_cost(cat0 + ci, grp0 + g, 1, t)
    for g, s in enumerate(sizes):
        flow.add_arc_with_capacity_and_unit_cost(grp0 + g, sink, s, 0)
    total = sum(counts)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    for node in range(2, grp0 + k):
        flow.set_node_supply(node, 0)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min-cost flow failed")
    return int(flow.optimal_cost())


def diversity_bound(values: Mapping[str, Sequence[str]], weights: dict[str, float],
                    sizes: Sequence[int], same: Sequence[str] = ()) -> float:
    """Upper bound on Σ_attr w · differing pairs; values[attr] lists every placed
    person's value (order irrelevant), sizes are the group sizes."""
    pairs = sum(s * (s - 1) // 2 for s in sizes)
    bound = 0.0
    for attr, w in weights.items():
        if w <= 0 or attr in same or not sizes:
            continue
        counts = list(Counter(values[attr]).values())
        bound += w * (pairs - min_same_pairs(counts, sizes))
    return bound
