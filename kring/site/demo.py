"""Demo data: realistic people, two organisations and the three kinds of group the seeds
describe. Idempotent: everything is keyed on natural fields, so loading twice changes
nothing. Areas add their own demo data in kring/<area>/demo.py (``load(demo)``)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from kring.accounts.models import Register, Registration, Relation, RelationKind, Role, User
from kring.groups.models import Composition, GroupMembership, GroupStatus, IntervisionGroup, MemberRole
from kring.organisations.models import Organisation, OrganisationKind, OrgMembership, OrgRole

PASSWORD = "kring-demo-2026"
DOMAIN = "demo.kring.nl"

REGISTERS = [
    ("skj", "Stichting Kwaliteitsregister Jeugd (SKJ)", False),
    ("registerplein", "Registerplein", False),
    ("nip", "Nederlands Instituut van Psychologen (NIP)", True),
    ("nvo", "Nederlandse Vereniging van Pedagogen en Onderwijskundigen (NVO)", True),
    ("fgzpt", "Federatie Gezondheidszorgpsychologen en Psychotherapeuten (FGzPt)", False),
    ("vaktherapie", "Register Vaktherapie", False),
    ("vit", "Vereniging van Integratieve Therapeuten (VIT)", False),
    ("skgv", "Stichting Kwaliteitsregister Gezondheidszorg Vaktherapie (SKGV)", False),
    ("lvsc", "Landelijke Vereniging voor Supervisie en Coaching (LVSC)", True),
]

# key, name, role, discipline, years, language
PEOPLE: list[tuple[str, str, str, str, str, str]] = [
    ("coordinator", "Carla Jansen", Role.PROFESSIONAL, "opleidingscoördinator", "12", "nl"),
    ("coordinator_care", "Ruud Bakker", Role.PROFESSIONAL, "teamleider ggz", "15", "nl"),
    ("facilitator", "Anne de Vries", Role.PROFESSIONAL, "psychotherapeut", "18", "nl"),
    ("facilitator2", "Mohammed El Amrani", Role.PROFESSIONAL, "supervisor", "14", "nl"),
    ("facilitator3", "Sanne Visser", Role.PROFESSIONAL, "psychosociaal therapeut", "9", "en"),
    ("staff", "Beheer Kring", Role.PROFESSIONAL, "", "0", "nl"),
    ("t1", "Joost Smit", Role.PROFESSIONAL, "psychotherapeut", "7", "nl"),
    ("t2", "Fatima Yilmaz", Role.PROFESSIONAL, "GZ-psycholoog", "4", "nl"),
    ("t3", "Pieter Mulder", Role.PROFESSIONAL, "psychiater", "11", "nl"),
    ("c1", "Lotte de Boer", Role.CLIENT, "", "2", "nl"),
    ("c2", "Kees Hendriks", Role.CLIENT, "", "3", "nl"),
    ("c3", "Noor Willems", Role.CLIENT, "", "1.5", "en"),
    ("p1", "Eva Dekker", Role.PROFESSIONAL, "jeugdprofessional", "6", "nl"),
    ("p2", "Bram van Dijk", Role.PROFESSIONAL, "jeugdprofessional", "3", "nl"),
    ("p3", "Iris Koster", Role.PROFESSIONAL, "jeugdprofessional", "9", "nl"),
    ("p4", "Daan Peters", Role.PROFESSIONAL, "jeugdprofessional", "2", "nl"),
    ("p5", "Yara Bos", Role.PROFESSIONAL, "jeugdprofessional", "5", "nl"),
    ("p6", "Thijs Vos", Role.PROFESSIONAL, "jeugdprofessional", "4", "nl"),
    ("s1", "Lieke Meijer", Role.PROFESSIONAL, "aspirant psychosociaal therapeut", "1", "nl"),
    ("s2", "Hamza Aydin", Role.PROFESSIONAL, "aspirant psychosociaal therapeut", "1", "nl"),
    ("s3", "Julia Brouwer", Role.PROFESSIONAL, "aspirant psychosociaal therapeut", "0.5", "nl"),
    ("s4", "Rik Kok", Role.PROFESSIONAL, "aspirant psychosociaal therapeut", "2", "nl"),
    ("s5", "Sophie Jacobs", Role.PROFESSIONAL, "aspirant psychosociaal therapeut", "1", "en"),
    ("outsider", "Wim Janssen", Role.PROFESSIONAL, "psychotherapeut", "10", "nl"),
]


@dataclass
class Demo:
    people: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    groups: dict[str, IntervisionGroup] = field(default_factory=dict)
    password: str = PASSWORD


def _email(key: str, name: str) -> str:
    return f"{name.split()[0].lower()}@{DOMAIN}"


def _person(key: str, name: str, role: str, discipline: str, years: str, language: str) -> User:
    email = _email(key, name)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=PASSWORD, name=name, role=role, discipline=discipline,
            experience_years=Decimal(years), language=language, is_staff=key == "staff",
            is_superuser=key == "staff",
        )
    return user


def _group(org: Organisation, name: str, **fields: Any) -> IntervisionGroup:
    group, _ = IntervisionGroup.objects.get_or_create(organisation=org, name=name, defaults=fields)
    return group


def _member(group: IntervisionGroup, person: User, role: str = MemberRole.MEMBER) -> None:
    GroupMembership.objects.get_or_create(group=group, person=person, defaults={"role": role})


@transaction.atomic
def load_core() -> Demo:
    demo = Demo()
    for code, name, supervisor in REGISTERS:
        Register.objects.get_or_create(code=code, defaults={"name": name, "recognised_supervisor": supervisor})
    for row in PEOPLE:
        demo.people[row[0]] = _person(*row)
    p = demo.people
    institute, _ = Organisation.objects.get_or_create(
        name="Opleidingsinstituut De Brug", defaults={"kind": OrganisationKind.TRAINING_INSTITUTE, "city": "Utrecht"}
    )
    care, _ = Organisation.objects.get_or_create(
        name="GGZ Rivierenland", defaults={"kind": OrganisationKind.CARE_PROVIDER, "city": "Nijmegen"}
    )
    demo.orgs = {"institute": institute, "care": care}
    memberships = [
        (institute, "coordinator", OrgRole.COORDINATOR, "", "Utrecht"),
        (care, "coordinator_care", OrgRole.COORDINATOR, "", "Nijmegen"),
        (institute, "facilitator", OrgRole.FACILITATOR, "", "Utrecht"),
        (institute, "facilitator3", OrgRole.FACILITATOR, "", "Amersfoort"),
        (care, "facilitator2", OrgRole.FACILITATOR, "", "Nijmegen"),
        *[(care, k, OrgRole.MEMBER, "Team Noord" if i % 2 else "Team Zuid", "Nijmegen" if i < 3 else "Arnhem")
          for i, k in enumerate(["p1", "p2", "p3", "p4", "p5", "p6"])],
        *[(care, k, OrgRole.MEMBER, "Volwassenen", "Nijmegen") for k in ["t1", "t2", "t3", "outsider"]],
        *[(institute, k, OrgRole.MEMBER, "Jaargroep 2026", "Utrecht") for k in ["s1", "s2", "s3", "s4", "s5"]],
    ]
    for org, key, role, team, municipality in memberships:
        OrgMembership.objects.get_or_create(
            organisation=org, person=p[key], role=role, defaults={"team": team, "municipality": municipality}
        )
    # The therapeutic-relationship group: therapists and clients together (seed 000).
    therapeutic = _group(
        care, "Intervisie & de therapeutische relatie",
        theme="Grenzen, overdracht en vertrouwen in de therapeutische relatie",
        description="Een intervisiegroep voor behandelaren én cliënten die tegen uitdagingen in de therapeutische relatie aanlopen.",
        min_size=4, max_size=8, clients_allowed=True, min_experience_years=Decimal("1"), status=GroupStatus.ACTIVE,
    )
    # A self-directed peer group with rotating chair (seed 001): 6–8, one discipline.
    peer = _group(
        care, "Jeugdprofessionals Noord",
        theme="Zelfsturende intervisie voor jeugdprofessionals (SKJ)",
        description="Collega's van dezelfde discipline, buiten het eigen team, met een roulerende voorzitter.",
        min_size=6, max_size=8, composition=Composition.MONODISCIPLINARY, discipline="jeugdprofessional",
        chair_rotates=True, status=GroupStatus.ACTIVE,
    )
    # A training group (seed 002): 4–6 trainees.
    training = _group(
        institute, "Opleidingsgroep PST 2026",
        theme="Intervisie in de opleiding tot psychosociaal therapeut",
        min_size=4, max_size=6, status=GroupStatus.FORMING,
    )
    demo.groups = {"therapeutic": therapeutic, "peer": peer, "training": training}
    _member(therapeutic, p["facilitator2"], MemberRole.FACILITATOR)
    for key in ["t1", "t2", "c1", "c2", "c3"]:
        _member(therapeutic, p[key])
    _member(peer, p["facilitator2"], MemberRole.FACILITATOR)
    for key in ["p1", "p2", "p3", "p4", "p5", "p6"]:
        _member(peer, p[key])
    _member(training, p["facilitator"], MemberRole.FACILITATOR)
    for key in ["s1", "s2", "s3", "s4"]:
        _member(training, p[key])
    # The relation the demo shows being enforced: Pieter Mulder is the therapist of Lotte
    # de Boer (a member of the therapeutic-relationship group): adding him is refused.
    Relation.objects.get_or_create(declared_by=p["c1"], other=p["t3"], defaults={"kind": RelationKind.THERAPEUTIC})
    Relation.objects.get_or_create(declared_by=p["p1"], other=p["outsider"], defaults={"kind": RelationKind.AUTHORITY})
    lvsc = Register.objects.get(code="lvsc")
    skj = Register.objects.get(code="skj")
    # Demo supervisors come verified, as if staff had checked them in the LVSC register.
    for key, number in (("facilitator2", "LVSC-20417"), ("facilitator", "LVSC-11832")):
        Registration.objects.get_or_create(person=p[key], register=lvsc,
                                           defaults={"number": number, "verified_at": timezone.now()})
    for key in ["p1", "p2", "p3", "p4", "p5", "p6"]:
        Registration.objects.get_or_create(person=p[key], register=skj, defaults={"number": f"SKJ-1000{key[-1]}"})
    return demo


def load_all() -> Demo:
    demo = load_core()
    for config in apps.get_app_configs():
        if config.name.startswith("kring.") and config.name not in ("kring.core", "kring.site"):
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(demo)
    return demo


LOGINS = [
    ("coordinator", "coördinator (Opleidingsinstituut De Brug)"),
    ("coordinator_care", "coördinator (GGZ Rivierenland)"),
    ("facilitator", "begeleider (opleidingsgroep)"),
    ("facilitator2", "begeleider (therapeutische relatie, jeugdprofessionals)"),
    ("t1", "deelnemer, behandelaar"),
    ("c1", "deelnemer, cliënt"),
    ("p1", "deelnemer, jeugdprofessional"),
    ("staff", "beheerder (staff)"),
]
