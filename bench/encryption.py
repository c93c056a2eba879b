"""What encryption at rest costs (issue 12).

1. ``crypto.encrypt`` + ``crypto.decrypt`` of one field value, for texts of 100, 1,000
   and 4,000 characters (the longest confidential field): microseconds per round trip.
2. Two pages that show many encrypted values — a report with three case parts, and the
   live meeting's feed with 120 notes, advice items, learning points and yields — rendered
   repeatedly, once with the data encrypted and once with encryption replaced by the
   identity (the same code path otherwise): the ratio of their median times.

Runs on a fresh SQLite database in a temporary directory. About a minute:
`.venv/bin/python bench/encryption.py [--renders 60]`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="kring-bench-")) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from kring.cases.models import Case  # noqa: E402
from kring.core import crypto  # noqa: E402
from kring.groups.models import MemberRole  # noqa: E402
from kring.live.actions import setup  # noqa: E402
from kring.live.models import ChosenCase, Contribution, Entry, YieldEntry  # noqa: E402
from kring.meetings.models import Meeting  # noqa: E402
from kring.methods.catalogue import load_catalogue  # noqa: E402
from kring.reports.models import Report, ReportCasePart  # noqa: E402
from kring.site.testing import make_group, make_person, put_in_group  # noqa: E402

TEXT = "De cliënt belt steeds 's avonds; ik merk dat ik mijn grens pas laat aangeef. "


def round_trip_microseconds(length: int, n: int = 3000) -> float:
    text = (TEXT * (length // len(TEXT) + 1))[:length]
    started = time.perf_counter()
    for _ in range(n):
        crypto.decrypt(crypto.encrypt(text))
    return (time.perf_counter() - started) / n * 1e6


def build(prefix: str) -> tuple[Client, str, str]:
    """A circle with a held meeting, its live record and a three-part report."""
    load_catalogue()
    facilitator = make_person(f"{prefix} Begeleider")
    group = make_group(facilitator, None, f"{prefix} Groep")
    members = [make_person(f"{prefix} Lid {i}") for i in range(6)]
    for person in members:
        put_in_group(group, person, MemberRole.MEMBER)
    start = timezone.now() + timedelta(hours=1)
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + timedelta(hours=2))
    cases = [Case.objects.create(meeting=meeting, author=members[i], title=f"Casus {i}", situation=TEXT * 20,
                                 question=TEXT * 2, wish=TEXT) for i in range(3)]
    session = setup.prepare(facilitator, meeting)
    chosen = ChosenCase.objects.create(session=session, case=cases[0], bringer=members[0], question=TEXT * 2,
                                       intended_action=TEXT * 2)
    block = session.blocks.order_by("order").first()
    for i in range(120):
        kind = (Contribution.NOTE, Contribution.ADVICE, Contribution.LEARNING)[i % 3]
        Entry.objects.create(session=session, block=block, chosen=chosen, kind=kind, author=members[i % 6], text=TEXT * 3)
    for person in members:
        YieldEntry.objects.create(session=session, person=person, text=TEXT * 2)
    report = Report.objects.create(meeting=meeting, summary=TEXT * 5, phases=TEXT * 40, yields=TEXT * 12)
    for i, case in enumerate(cases):
        ReportCasePart.objects.create(report=report, case=case, bringer=case.author, position=i, title=case.title,
                                      question=TEXT * 2, advice=TEXT * 20, learning_points=TEXT * 6,
                                      intended_action=TEXT * 2)
    client = Client(HTTP_HOST="localhost")
    client.force_login(facilitator)
    return client, reverse("reports:report", args=[meeting.pk]), reverse("live:feed", args=[session.pk])


REAL = (crypto.encrypt, crypto.decrypt)
IDENTITY = ((lambda text: text), (lambda stored: stored))


def use(functions: tuple[Callable[[str], str], Callable[[str], str]]) -> None:
    crypto.encrypt, crypto.decrypt = functions  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print("encrypt + decrypt of one value (AES-256-GCM):")
    for length in (100, 1000, 4000):
        print(f"  {length:>5} characters: {round_trip_microseconds(length):7.1f} µs")
    encrypted = build("Versleuteld")
    use(IDENTITY)  # the same data, stored as plain text
    plain = build("Onversleuteld")
    # Interleaved (encrypted, plain, encrypted, ...) so the machine's load hits both alike.
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.renders + 1):
        for label, (client, *urls), functions in (("encrypted", encrypted, REAL), ("plain", plain, IDENTITY)):
            use(functions)
            for name, url in zip(("report page", "live feed (120 entries)"), urls, strict=True):
                started = time.perf_counter()
                assert client.get(url).status_code == 200, url
                times.setdefault((name, label), []).append(time.perf_counter() - started)
    print(f"page render, median of {args.renders} (encrypted / plain = ratio):")
    for name in ("report page", "live feed (120 entries)"):
        enc, pl = (statistics.median(times[(name, label)][1:]) * 1000 for label in ("encrypted", "plain"))
        print(f"  {name}: {enc:.1f} ms / {pl:.1f} ms = {enc / pl:.2f}")


if __name__ == "__main__":
    main()
