"""Benchmark of the Kring group-formation solver.

1. MDGPLIB (RanReal/RanInt, n = 120 and 240, optionally 480): the population-based
   tabu search at the literature's time limits, ratio to the best value of TPSDP
   (Yang et al. 2022).
2. Every n = 10 and n = 12 instance solved to proven optimality: the subset DP the
   solver uses for n <= 12, and for comparison CP-SAT (used above n = 12), each timed.
3. A generated 2,000-applicant Kring instance: time, violations, placed, bound and gap.

Two worker processes run side by side, each single-threaded (BLAS and CP-SAT limited to
one thread), so each run gets one of the machine's two cores.
Default run: about 12 minutes. `--quick` takes about a minute.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kring.formation.solver.mdgp import objective, read_mdgplib  # noqa: E402

TIME_LIMIT = {120: 3.0, 240: 20.0, 480: 120.0}


def run_tabu(path: str, seed: int, seconds: float) -> tuple[str, int, float]:
    from kring.formation.solver.search import iterated_tabu

    inst = read_mdgplib(path)
    res = iterated_tabu(inst.d, inst.lower, inst.upper, seed=seed, seconds=seconds)
    sizes = [int((res.assign == g).sum()) for g in range(inst.m)]
    assert all(lo <= s <= hi for s, lo, hi in zip(sizes, inst.lower, inst.upper, strict=True))
    return inst.name, seed, objective(inst.d, res.assign)


def run_exact(path: str) -> tuple[str, float, bool, float, float]:
    """(name, optimum, proven, seconds of the solver's method, seconds of CP-SAT)."""
    from kring.formation.solver.exact import solve_exact

    inst = read_mdgplib(path)
    res = solve_exact(inst, seconds=30.0, workers=1)
    cp = solve_exact(inst, seconds=30.0, workers=1, method="cp-sat")
    assert abs(cp.objective - res.objective) <= 1e-6 * max(1.0, res.objective) or not cp.optimal
    return inst.name, res.objective, res.optimal and cp.optimal, res.seconds, cp.seconds


def run_kring(n: int, seconds: float, seed: int) -> dict[str, float]:
    from kring.formation.solver.check import check
    from kring.formation.solver.form import solve_groups
    from kring.formation.solver.generate import generate

    inst = generate(n, seed=seed)
    t0 = time.perf_counter()
    res = solve_groups(inst, seconds=seconds, seed=seed)
    elapsed = time.perf_counter() - t0
    return {"seconds": elapsed, "violations": len(check(inst, res)),
            "applicants": len(inst.applicants),
            "placed": sum(len(g.members) for g in res.groups), "groups": len(res.groups),
            "unplaced": len(res.unplaced), "objective": res.objective, "bound": res.bound,
            "gap": res.gap}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "mdgp")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--sizes", default="120,240", help="heuristic sizes (exact n<=12 always)")
    p.add_argument("--families", default="RanReal,RanInt")
    p.add_argument("--with-480", action="store_true", help="also n=480 (120 s per run)")
    p.add_argument("--no-exact", action="store_true")
    p.add_argument("--no-kring", action="store_true")
    p.add_argument("--quick", action="store_true", help="1 seed, instance 01 only, 1/5 time")
    p.add_argument("--jobs", type=int, default=2)
    a = p.parse_args()
    t_start = time.perf_counter()
    families = a.families.split(",")
    sizes = [int(s) for s in a.sizes.split(",") if s] + ([480] if a.with_480 else [])
    seeds = 1 if a.quick else a.seeds
    best = {}
    for line in (a.data / "best_known.tsv").read_text().splitlines()[1:]:
        cols = line.split("\t")
        best[cols[0]] = float(cols[1])
    inst_dir = a.data / "instances"
    print(f"# Kring formation benchmark: {a.jobs} worker processes, each single-threaded")
    tabu_jobs = []
    for fam in families:
        for n in sizes:
            files = sorted(inst_dir.glob(f"{fam}_n{n:03d}_*.txt"))
            if a.quick:
                files = [f for f in files if f.stem.endswith("_01")]
            for f in files:
                secs = TIME_LIMIT[n] / (5 if a.quick else 1)
                tabu_jobs += [(str(f), s, secs) for s in range(seeds)]
    exact_files = [] if a.no_exact else sorted(
        f for fam in ("RanReal", "RanInt", "Geo") for n in (10, 12)
        for f in inst_dir.glob(f"{fam}_n{n:03d}_*.txt"))
    if a.quick:
        exact_files = exact_files[::10]
    with ProcessPoolExecutor(max_workers=a.jobs) as pool:
        tabu_f = [pool.submit(run_tabu, *job) for job in tabu_jobs]
        exact_f = [pool.submit(run_exact, str(f)) for f in exact_files]
        per_inst: dict[str, list[float]] = defaultdict(list)
        if tabu_jobs:
            print(f"\n## MDGPLIB heuristic ({seeds} seed(s); limits "
                  + ", ".join(f"n={n}: {TIME_LIMIT[n] / (5 if a.quick else 1):g} s" for n in sizes)
                  + ")")
            print(f"{'instance':<22}{'tpsdp_best':>14}{'mean':>10}{'worst':>10}")
        for fut in tabu_f:
            name, _seed, value = fut.result()
            per_inst[name].append(value / best[name])
            if len(per_inst[name]) == seeds:
                r = per_inst[name]
                print(f"{name:<22}{best[name]:>14.3f}{statistics.mean(r):>10.5f}{min(r):>10.5f}",
                      flush=True)
        exact_rows = [fut.result() for fut in exact_f]
    if exact_rows:
        print("\n## Exact on n <= 12 (subset DP as used; CP-SAT, 1 thread, for comparison)")
        by_size: dict[int, list[tuple[str, float, bool, float, float]]] = defaultdict(list)
        for row in exact_rows:
            by_size[int(row[0].split("_n")[1][:3])].append(row)
        for n, rows in sorted(by_size.items()):
            for col, label in ((3, "subset DP"), (4, "CP-SAT")):
                times = [float(r[col]) for r in rows]
                print(f"n={n} {label:<9}: {sum(r[2] for r in rows)}/{len(rows)} proven "
                      f"optimal, mean {statistics.mean(times):.3f} s, max {max(times):.3f} s "
                      f"({max(rows, key=lambda r: r[col])[0]})")
    kring = None
    if not a.no_kring:
        n = 500 if a.quick else 2000
        kring = run_kring(n, 10.0, seed=1)
        print(f"\n## Generated Kring instance ({n} applicants, 10 s budget, 1 thread)")
        print(", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                        for k, v in kring.items()))
    if per_inst:
        print("\n## Summary: ratio to TPSDP best (mean over instances and seeds / worst run)")
        print(f"{'family':<10}{'n':>6}{'instances':>11}{'mean':>10}{'worst':>10}")
        groups: dict[tuple[str, int], list[list[float]]] = defaultdict(list)
        for name, r in per_inst.items():
            fam, rest = name.split("_n")
            groups[fam, int(rest[:3])].append(r)
        for (fam, n), rs in sorted(groups.items()):
            flat = [x for r in rs for x in r]
            print(f"{fam:<10}{n:>6}{len(rs):>11}{statistics.mean(flat):>10.5f}{min(flat):>10.5f}")
        if any(f.startswith("Geo") for f in families):
            print("(Geo best values are not tight; read Geo ratios with care)")
    if kring:
        print(f"Kring 2,000: {kring['seconds']:.2f} s, violations {kring['violations']}, "
              f"placed {kring['placed']}/{kring['applicants']}, gap {kring['gap']:.4%}")
    print(f"\nTotal wall time: {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
