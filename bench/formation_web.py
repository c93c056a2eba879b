"""Timing of a realistic big formation through Kring's web layer (not a test).

An offer with 2,000 applications — 500 people who applied in Kring, 1,500 imported from a
CSV file whose ids are e-mail addresses of people not in Kring yet (so publishing creates
1,500 accounts and invitations) — 150 facilitators with capacity for two groups each,
six time slots, 200 declared relations. Then, through the views with Django's test client
(DEBUG off, a temporary SQLite database):

  import the CSV · the applications list · the run form (GET, POST) · the background task
  (solver included) · the proposal page · one hand move (htmx) · publish: the POST (checks,
  enqueues) and the background task (creates the groups, batch by batch) timed separately ·
  the published page.

Usage: .venv/bin/python bench/formation_web.py [--seconds 10] [--repeat 3] [--keep]
Prints one line per step with the wall time (median of --repeat for the pure reads).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOTS = ["mon-am", "mon-pm", "tue-eve", "wed-am", "thu-pm", "fri-am"]
TOWNS = ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Houten", "IJsselstein", "Woerden", "Veenendaal",
         "De Bilt", "Bunnik", "Soest", "Baarn"]
ORGS = ["Zorggroep Midden", "Welzijn Eemland", "Praktijk De Linde", "GGZ Centraal", "Jeugdteam Stad"]
DISCIPLINES = ["maatschappelijk werker", "GZ-psycholoog", "jeugdzorgwerker", "vaktherapeut", "psychosociaal therapeut",
               "Wmo-consulent", "orthopedagoog"]


def setup_django(db_path: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kring.settings", SQLITE_PATH=db_path, DEBUG="0", SECRET_KEY="bench-only-not-secret",
        ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", EMAIL_HOST="",
    )
    import django
    from django.conf import settings

    django.setup()
    # No collectstatic for a throwaway database: plain static storage.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def timed(label: str, fn: Callable[[], Any], repeat: int = 1) -> Any:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    extra = f"  (median of {repeat}: {', '.join(f'{t:.2f}' for t in times)})" if repeat > 1 else ""
    print(f"{label:<46} {median:8.2f} s{extra}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--web", type=int, default=500, help="how many of them applied in Kring (the rest imported)")
    parser.add_argument("--seconds", type=int, default=10, help="the solver's time limit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its path")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="kring-bench-")
    db_path = os.path.join(tmp, "bench.sqlite3")
    setup_django(db_path)

    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kring.accounts.models import Relation, RelationKind, User
    from kring.formation import actions
    from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, RunStatus, Source
    from kring.formation.tasks import form_groups, publish_groups
    from kring.groups.models import GroupMembership
    from kring.mail.models import OutboxMessage
    from kring.organisations.models import Organisation, OrganisationKind, OrgMembership, OrgRole

    rng = random.Random(2026)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # a benchmark database: speed over durability
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    org = Organisation.objects.create(name="Kenniscentrum Midden", kind=OrganisationKind.TRAINING_INSTITUTE)
    coordinator = User(email="coordinator@bench.example", name="Carla Coördinator")
    coordinator.set_unusable_password()
    coordinator.save()
    OrgMembership.objects.create(organisation=org, person=coordinator, role=OrgRole.COORDINATOR)
    offer = actions.create_offer(
        coordinator, org, title="Intervisie 2026", min_size=6, max_size=8, min_experience_years=Decimal("1"),
        outside_own_team=True, common_slot=True, slots=SLOTS, spread_municipality=Decimal("1"),
        spread_organisation=Decimal("0.5"), spread_discipline=Decimal("0.5"), is_open=True,
    )

    def person_fields(i: int) -> dict:
        return {"discipline": DISCIPLINES[i % len(DISCIPLINES)], "team": f"team {i % 90}", "organisation_name": ORGS[i % len(ORGS)],
                    "municipality": TOWNS[rng.randrange(len(TOWNS))], "experience_years": Decimal(1 + i % 15),
                    "availability": sorted(rng.sample(SLOTS, rng.choice((2, 3, 3, 4))))}

    # People who applied in Kring (rows made directly: the apply form is not what is timed).
    web_users = [User(email=f"deelnemer{i}@bench.example", name=f"Deelnemer {i:04d}", experience_years=Decimal(1 + i % 15),
                      discipline=DISCIPLINES[i % len(DISCIPLINES)], password="!") for i in range(args.web)]
    User.objects.bulk_create(web_users, batch_size=500)
    OrgMembership.objects.bulk_create([OrgMembership(organisation=org, person=u) for u in web_users], batch_size=500)
    Application.objects.bulk_create([
        Application(offer=offer, person=u, name=u.name, source=Source.WEB, status=ApplicationStatus.ACCEPTED, **person_fields(i))
        for i, u in enumerate(web_users)], batch_size=500)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 200:
        a, b = rng.sample(range(args.web), 2)
        pairs.add((min(a, b), max(a, b)))
    Relation.objects.bulk_create([Relation(declared_by=web_users[a], other=web_users[b],
                                           kind=rng.choice([RelationKind.THERAPEUTIC, RelationKind.AUTHORITY])) for a, b in pairs])
    facilitators = [User(email=f"begeleider{i}@bench.example", name=f"Begeleider {i:03d}", password="!") for i in range(150)]
    User.objects.bulk_create(facilitators)
    OrgMembership.objects.bulk_create([OrgMembership(organisation=org, person=f, role=OrgRole.FACILITATOR) for f in facilitators])
    FacilitatorCapacity.objects.bulk_create([
        FacilitatorCapacity(organisation=org, person=f, groups_per_year=2, availability=sorted(rng.sample(SLOTS, 3)))
        for f in facilitators])
    lines = ["id,name,role,discipline,team,organisation,municipality,experience_years,availability"]
    for j in range(args.applicants - args.web):
        i = args.web + j
        f = person_fields(i)
        lines.append(f"nieuw{i}@bench.example,Aanmelder {i:04d},professional,{f['discipline']},{f['team']},"
                     f"{f['organisation_name']},{f['municipality']},{f['experience_years']},{';'.join(f['availability'])}")
    csv_bytes = ("\n".join(lines) + "\n").encode()
    print(f"setup ({args.applicants} applicants, 150 facilitators): {time.perf_counter() - started:.1f} s; database {db_path}")

    client = Client()
    client.force_login(coordinator)

    def post_import() -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("aanmelders.csv", csv_bytes, content_type="text/csv")
        response = client.post(reverse("formation:import", args=[offer.pk]), {"file": upload, "accept": "on"})
        assert response.status_code == 302, response.content[:2000]

    timed(f"import CSV ({args.applicants - args.web} rows)", post_import)
    assert Application.objects.filter(offer=offer).count() == args.applicants
    timed("applications list (page 1 of 100 rows)",
          lambda: client.get(reverse("formation:applications", args=[offer.pk])), args.repeat)
    timed(f"run form GET ({args.applicants} accepted)", lambda: client.get(reverse("formation:run_new", args=[offer.pk])), args.repeat)
    from kring.formation.run_views import PICK_LIMIT

    # As the page posts it: one field per applicant only when there are few enough to tick.
    app_ids = [str(pk) for pk in Application.objects.filter(offer=offer).values_list("pk", flat=True)] \
        if args.applicants <= PICK_LIMIT else []
    cap_ids = [str(pk) for pk in FacilitatorCapacity.objects.values_list("pk", flat=True)]

    def start() -> Any:
        response = client.post(reverse("formation:run_new", args=[offer.pk]),
                               {"applications": app_ids, "capacities": cap_ids, "seconds": str(args.seconds)})
        assert response.status_code == 302, response.content[:2000]

    timed("run form POST (start the run)", start)
    run = FormationRun.objects.get()
    timed(f"background task (solver limit {args.seconds} s)", lambda: form_groups.func(str(run.pk)))
    run.refresh_from_db()
    if run.status != RunStatus.DONE:
        sys.exit(f"the run did not finish: {run.status} {run.error}")
    placed = sum(len(g["members"]) for g in run.groups)
    print(f"  → {len(run.groups)} groups, {placed} placed, {len(run.unplaced)} not placed, "
          f"objective {run.objective:.1f}, bound {run.bound:.1f}, gap {100 * (run.gap or 0):.2f} %")
    detail = reverse("formation:run_detail", args=[run.pk])
    page = timed("proposal page GET", lambda: client.get(detail), args.repeat)
    print(f"  → {len(page.content) / 1e6:.1f} MB of HTML")

    # One hand move, as the page's htmx form sends it: the last member of the largest
    # group into the smallest (it may be refused; both answers render the proposal).
    sizes = [len(g["members"]) for g in run.groups]
    big, small = sizes.index(max(sizes)), sizes.index(min(sizes))
    mover = run.groups[big]["members"][-1]
    timed("hand move (htmx POST, proposal re-rendered)", lambda: client.post(
        reverse("formation:run_move", args=[run.pk]), {"application": mover, "target": str(small + 1), "numbered": "1"},
        HTTP_HX_REQUEST="true"))

    mails_before = OutboxMessage.objects.count()

    def publish() -> Any:
        response = client.post(reverse("formation:run_publish", args=[run.pk]), {"without_unreachable": "1"})
        assert response.status_code == 302

    timed("publish POST (check, enqueue)", publish)
    run.refresh_from_db()
    if run.status != RunStatus.PUBLISHING:
        sys.exit(f"publish was refused: {[str(m) for m in client.get(detail).context['messages']]}")
    progress = reverse("formation:run_progress", args=[run.pk])
    timed("progress poll while queued (htmx GET)", lambda: client.get(progress, HTTP_HX_REQUEST="true"), args.repeat)
    outcome = timed(f"publish task ({run.publish_total} groups)", lambda: publish_groups.func(str(run.pk)))
    run.refresh_from_db()
    if run.status != RunStatus.PUBLISHED:
        sys.exit(f"the publish task ended {outcome}: {run.status} {run.publish_errors}")
    print(f"  → {len(run.published_groups)} groups, {GroupMembership.objects.count()} memberships, "
          f"{User.objects.filter(email__startswith='nieuw').count()} accounts invited, "
          f"{OutboxMessage.objects.count() - mails_before} mails queued")
    timed("published page GET", lambda: client.get(detail), args.repeat)
    if args.keep:
        print(f"kept {db_path}")
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
