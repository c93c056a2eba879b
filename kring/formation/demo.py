"""Demo data for formation: an open offer of the training institute with twenty
applications (eighteen imported, two through Kring), and facilitator capacity.
Idempotent: keyed on the offer title and the import ids."""
from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from kring.accounts.models import User
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, Offer, Source
from kring.organisations.models import Organisation

TITLE = "Intervisiegroepen voorjaar 2026"
SLOTS = ["ma-ochtend", "wo-middag", "do-avond"]
FIRST = ["Anouk", "Bas", "Chantal", "Dennis", "Esther", "Frank", "Gerda", "Hugo", "Ingrid", "Jeroen",
         "Karin", "Lars", "Marieke", "Niels", "Olga", "Patrick", "Quinty", "Roel"]
LAST = ["Bosman", "Claassen", "Dijkstra", "Evers", "Groen", "Hoekstra", "Jonker", "Kuipers", "Lammers"]
TOWNS = ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Houten", "IJsselstein"]
DISCIPLINES = ["psychosociaal therapeut", "maatschappelijk werker", "GZ-psycholoog", "vaktherapeut"]
# Ten teams for eighteen applicants: groups of six to eight "outside your own team" need
# six teams at least, and at one time slot (ten, not nine: nine would line up with the
# three slots and leave six teams per slot).
TEAMS = ["Wijkteam Noord", "Wijkteam Zuid", "Wijkteam Oost", "Jeugdteam Centrum", "Ambulant team Eemland",
         "Team Volwassenen", "Kliniek De Horst", "Team Jeugd & Gezin", "Praktijkteam Zeist", "Wijkteam Houten"]
ORGANISATIONS = [("Zorggroep Midden", "zorggroep-midden"), ("Welzijn Eemland", "welzijn-eemland"),
                 ("Praktijk De Linde", "praktijk-delinde")]


class DemoData(Protocol):
    """What this module needs of kring.site.demo.Demo (which sits above formation)."""

    people: dict[str, User]
    orgs: dict[str, Organisation]


def load(demo: DemoData) -> None:
    institute = demo.orgs["institute"]
    offer, _created = Offer.objects.get_or_create(
        organisation=institute, title=TITLE,
        defaults={
            "description": "Intervisie in groepen van zes tot acht, buiten je eigen team en gemengd over gemeenten.",
            "min_size": 6, "max_size": 8, "min_experience_years": Decimal("1"), "outside_own_team": True, "common_slot": True,
            "slots": SLOTS, "spread_municipality": Decimal("1"), "spread_organisation": Decimal("0.5"),
            "spread_discipline": Decimal("0.5"), "is_open": True, "intake_possible": True,
        },
    )
    for i, first in enumerate(FIRST):
        last = LAST[i % len(LAST)]
        organisation, domain = ORGANISATIONS[i % len(ORGANISATIONS)]
        # Imported applicants come with their work address, as an export of a training
        # institute or an HR system has them (.example: a domain that never receives mail).
        email = f"{first.lower()}.{last.lower()}@{domain}.example"
        application, created = Application.objects.get_or_create(
            offer=offer, external_id=f"vj26-{i + 1:03d}",
            defaults={
                "source": Source.CSV, "name": f"{first} {last}", "role": "professional", "email": email,
                "discipline": DISCIPLINES[i % len(DISCIPLINES)], "team": TEAMS[i % len(TEAMS)],
                "organisation_name": organisation,
                "municipality": TOWNS[i % len(TOWNS)], "experience_years": Decimal(1 + i % 9),
                "availability": [SLOTS[i % 3], SLOTS[(i + 1) % 3]] if i % 4 else [SLOTS[i % 3]],
                "status": ApplicationStatus.ACCEPTED if i < 16 else ApplicationStatus.SUBMITTED,
            },
        )
        if not created and not application.email:
            # A demo loaded before these were fixed: five teams (no group possible), no addresses.
            application.team, application.email = TEAMS[i % len(TEAMS)], email
            application.save(update_fields=["team", "email", "updated_at"])
    for key, intake in (("s5", True), ("s1", False)):
        person = demo.people[key]
        Application.objects.get_or_create(
            offer=offer, person=person,
            defaults={
                "source": Source.WEB, "name": person.name, "role": person.role, "discipline": person.discipline,
                "team": "Jaargroep 2026", "organisation_name": institute.name, "municipality": "Utrecht",
                "experience_years": max(person.experience_years, Decimal("1")), "availability": SLOTS[:2],
                "motivation": "Ik wil graag leren van collega's buiten mijn eigen jaargroep.", "intake_requested": intake,
            },
        )
    # Groups a year; the first already leads the institute's training group this year, so
    # both still have two free for formation.
    for key, free, slots in (("facilitator", 3, SLOTS[:2]), ("facilitator3", 2, SLOTS[1:])):
        FacilitatorCapacity.objects.get_or_create(
            organisation=institute, person=demo.people[key], defaults={"groups_per_year": free, "availability": slots}
        )
