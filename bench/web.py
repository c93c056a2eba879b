"""Throughput of the API's "my groups" as a ratio to an empty view (not a test).

A temporary SQLite database with one person in --groups groups (each with eight members)
of an organisation, a token for them, DEBUG off. Both are called in-process through
Django's full stack (middleware included) with the test client, --requests times each,
after a warm-up; the ratio says what authentication, the rate limit (database cache),
the scoped query and serialisation cost on top of Django itself.

Usage: .venv/bin/python bench/web.py [--requests 500] [--groups 20] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kring.settings", SQLITE_PATH=db_path, DEBUG="0", SECRET_KEY="bench-only-not-secret",
        ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", EMAIL_HOST="", DATA_KEY="YmVuY2gtb25seS1ub3Qtc2VjcmV0LWJlbmNoLW9ubHk=",
        KRING_API_RATE_PER_MINUTE="100000000",
    )
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.ROOT_URLCONF = "bench.web_urls"


def per_second(call: Callable[[], int], n: int) -> float:
    for _ in range(min(20, n)):
        assert call() == 200
    start = time.perf_counter()
    for _ in range(n):
        call()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    setup_django(os.path.join(tempfile.mkdtemp(prefix="kring-bench-web-"), "bench.sqlite3"))

    from django.core.management import call_command
    from django.test import Client

    from kring.groups.models import MemberRole
    from kring.organisations.models import OrgRole
    from kring.site.testing import join_org, make_group, make_org, make_person, make_token, put_in_group

    call_command("migrate", verbosity=0)
    org = make_org("Bench")
    coordinator = make_person("Bench Coördinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    me = make_person("Bench Lid")
    for g in range(args.groups):
        group = make_group(coordinator, org, f"Groep {g:03d}")
        put_in_group(group, me, MemberRole.MEMBER if g % 3 else MemberRole.FACILITATOR)
        for m in range(7):
            put_in_group(group, make_person(f"Lid {g}-{m}"))
    client = Client()
    headers = {"Authorization": f"Bearer {make_token(me)}"}
    assert len(client.get("/api/v1/me/groups", headers=headers).json()) == args.groups

    # Interleaved rounds, medians: a shared machine's load then weighs on both alike.
    empties, mines = [], []
    for _round in range(args.rounds):
        empties.append(per_second(lambda: client.get("/bench/leeg/").status_code, args.requests // args.rounds))
        mines.append(per_second(lambda: client.get("/api/v1/me/groups", headers=headers).status_code, args.requests // args.rounds))
    empty, mine = statistics.median(empties), statistics.median(mines)
    print(f"empty view            {empty:9.1f} requests/s  (median of {args.rounds} rounds)")
    print(f"API my groups ({args.groups:>3})   {mine:9.1f} requests/s")
    print(f"ratio                 {mine / empty:9.3f}  (per round: {', '.join(f'{m / e:.3f}' for m, e in zip(mines, empties, strict=True))})")


if __name__ == "__main__":
    main()
