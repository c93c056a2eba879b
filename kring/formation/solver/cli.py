"""`kring-form`: command line for the MDGP benchmark mode and Kring group formation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .form import solve_groups
from .io import InputError, load_instance
from .mdgp import FormatError, read_mdgplib
from .solve import solve_mdgp


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kring-form", description="Kring group formation solver")
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("mdgp", help="solve an MDGPLIB instance")
    m.add_argument("file", type=Path)
    g = sub.add_parser("groups", help="form intervision groups from CSV files")
    g.add_argument("--applicants", type=Path, required=True)
    g.add_argument("--facilitators", type=Path, required=True)
    g.add_argument("--conflicts", type=Path)
    g.add_argument("--rules", type=Path, required=True)
    for q in (m, g):
        q.add_argument("--seconds", type=float, default=3.0)
        q.add_argument("--seed", type=int, default=0)
        q.add_argument("--max-iterations", type=int, default=None,
                       help="iteration budget (reproducible runs; overrides --seconds)")
        q.add_argument("--workers", type=int, default=1, help="CP-SAT threads")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.seconds <= 0:
        print("kring-form: --seconds must be positive", file=sys.stderr)
        return 2
    try:
        if args.command == "mdgp":
            inst = read_mdgplib(args.file)
            out = solve_mdgp(inst, seconds=args.seconds, seed=args.seed,
                             max_iterations=args.max_iterations, workers=args.workers).to_dict()
        else:
            inst_k = load_instance(args.applicants, args.facilitators, args.conflicts,
                                   args.rules)
            out = solve_groups(inst_k, seconds=args.seconds, seed=args.seed,
                               max_iterations=args.max_iterations,
                               workers=args.workers).to_dict()
    except (FormatError, InputError) as exc:
        print(f"kring-form: {exc}", file=sys.stderr)
        return 2
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
