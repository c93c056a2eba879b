"""Realistic random Kring instances (for the benchmark, tests and demos)."""

from __future__ import annotations

import numpy as np

from .model import Applicant, Conflict, Facilitator, Instance, Rules

SLOTS = ("mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am", "thu-pm",
         "fri-am", "fri-pm")
DISCIPLINES = ("psychotherapist", "youth-worker", "social-worker", "wmo-consultant",
               "psychologist", "arts-therapist", "pmt-trainee", "nurse")


def generate(n: int = 2000, *, seed: int = 0, rules: Rules | None = None,
             n_municipalities: int | None = None, n_slots: int = len(SLOTS)) -> Instance:
    """n applicants over municipalities/organisations/teams with skewed sizes, ~5 %
    clients, ~1 conflict per 20 applicants, 2–4 slots each, facilitators with capacity
    1–3 and 3–6 slots, enough capacity in total for everyone at ~7 per group."""
    rng = np.random.default_rng(seed)
    rules = rules or Rules(min_size=6, max_size=8, min_experience_years=1,
                           clients_allowed=True, max_clients_per_group=3,
                           outside_own_team=True, common_slot=True,
                           spread={"municipality": 1.0, "organisation": 0.5,
                                   "discipline": 0.5})
    slots = SLOTS[:n_slots]
    n_mun = n_municipalities or max(2, min(25, n // 60))
    n_org = max(2, n // 40)
    mun_p = _skewed(n_mun, rng)
    disc_p = _skewed(len(DISCIPLINES), rng)
    slot_p = _skewed(len(slots), rng, 0.4)
    org_mun = rng.choice(n_mun, size=n_org, p=mun_p)  # an organisation sits in one place
    org_p = _skewed(n_org, rng)
    applicants: list[Applicant] = []
    for i in range(n):
        org = int(rng.choice(n_org, p=org_p))
        mun = int(org_mun[org]) if rng.random() < 0.8 else int(rng.choice(n_mun, p=mun_p))
        k = int(rng.integers(2, 5))
        avail = frozenset(slots[s] for s in rng.choice(len(slots), size=k, replace=False,
                                                       p=slot_p))
        applicants.append(Applicant(
            id=f"a{i}", name=f"Applicant {i}",
            role="client" if rng.random() < 0.05 else "professional",
            discipline=DISCIPLINES[int(rng.choice(len(DISCIPLINES), p=disc_p))],
            team=f"org{org}-team{int(rng.integers(0, 6))}",
            organisation=f"org{org}", municipality=f"mun{mun}",
            experience_years=float(np.round(rng.gamma(2.0, 3.0), 1)),
            availability=avail,
        ))
    conflicts: list[Conflict] = []
    pairs: set[frozenset[str]] = set()
    while len(conflicts) < n // 20 and n > 1:
        a, b = rng.choice(n, size=2, replace=False)
        key = frozenset((f"a{a}", f"a{b}"))
        if key not in pairs:
            pairs.add(key)
            conflicts.append(Conflict(f"a{a}", f"a{b}",
                                      "therapeutic" if rng.random() < 0.5 else "authority"))
    need = int(np.ceil(n / 7 * 1.15))
    facilitators: list[Facilitator] = []
    while sum(f.capacity for f in facilitators) < need:
        j = len(facilitators)
        k = int(rng.integers(3, 7))
        facilitators.append(Facilitator(
            id=f"f{j}", name=f"Facilitator {j}", capacity=int(rng.integers(1, 4)),
            availability=frozenset(slots[s] for s in rng.choice(
                len(slots), size=min(k, len(slots)), replace=False)),
        ))
    return Instance(tuple(applicants), tuple(facilitators), tuple(conflicts), rules)


def _skewed(k: int, rng: np.random.Generator, spread: float = 1.0) -> np.ndarray:
    """Zipf-like category frequencies, so some municipalities etc. dominate."""
    w = 1.0 / np.arange(1, k + 1) ** spread
    rng.shuffle(w)
    return w / w.sum()
