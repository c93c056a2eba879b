"""Seed the registers and their intervision rules from Kring's domain notes
(shared/domain.md, which summarises the registers' public pages). Staff edit them later;
running this again changes nothing that already exists."""
from __future__ import annotations

from decimal import Decimal

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DOMAIN = "Kring domain notes (shared/domain.md), from the register's public pages"
UNKNOWN = "Not in Kring's domain notes: staff fill this in from the register's own rules."

REGISTERS = {
    "skj": "Stichting Kwaliteitsregister Jeugd (SKJ)",
    "registerplein": "Registerplein",
    "nip": "Nederlands Instituut van Psychologen (NIP)",
    "nvo": "Nederlandse Vereniging van Pedagogen en Onderwijskundigen (NVO)",
    "fgzpt": "Federatie Gezondheidszorgpsychologen en Psychotherapeuten (FGzPt)",
    "vaktherapie": "Register Vaktherapie",
    "vit": "Vereniging van Integratieve Therapeuten (VIT)",
    "skgv": "Stichting Kwaliteitsregister Gezondheidszorg Vaktherapie (SKGV)",
    "lvsc": "Landelijke Vereniging voor Supervisie en Coaching (LVSC)",
    "vgct": "Vereniging voor Gedragstherapie en Cognitieve Therapie (VGCT)",
    "nvrg": "Nederlandse Vereniging voor Relatie- en Gezinstherapie (NVRG)",
}
# SKJ accepts reflection statements signed by a supervisor registered with these.
SUPERVISOR_REGISTERS = ("lvsc", "vgct", "nip", "nvo", "nvrg")

RULES: dict[str, dict] = {
    "skj": dict(
        cycle_years=5, required_hours=Decimal("60"),
        notes="The 60 points cover all professional development, not intervision alone. Guided intervision: "
              "colleagues with no authority relation, preferably led by someone from outside. Reflection: a statement "
              "signed by a supervisor registered with LVSC, VGCT, NIP, NVO or NVRG, a statement without supervisor, "
              "or a reflection format.",
        sources={"cycle_years": f"SKJ: 5-year cycle. {DOMAIN}",
                 "required_hours": f"SKJ: professional development 60 points. {DOMAIN}",
                 "points_per_hour": f"SKJ: 1 point = 1 hour. {DOMAIN}",
                 "supervisor_signature_required": f"SKJ: a statement without supervisor is also accepted. {DOMAIN}"},
    ),
    "registerplein": dict(
        online_requires_video=True,
        notes="Breaks and the welcome talk do not count. Cycle length and required points: see the register.",
        sources={"points_per_hour": f"Registerplein: 1 net hour = 1 point; breaks and welcome talk excluded. {DOMAIN}",
                 "online_requires_video": f"Registerplein: online only with live sound and video for everyone. {DOMAIN}",
                 "cycle_years": UNKNOWN, "required_hours": UNKNOWN},
    ),
    "nip": dict(
        cycle_years=5, required_hours=Decimal("40"), lists_co_participants=True,
        notes="Plus a report. Some specialisms ask for at least 4 meetings a year of at least 1.5 hours with "
              "2–8 participants and a report of dates, co-participants, topics and learning goals: set those "
              "rules here if your members need them.",
        sources={"cycle_years": f"NIP: at least 40 h intervision per 5 years plus a report. {DOMAIN}",
                 "required_hours": f"NIP: at least 40 h intervision per 5 years plus a report. {DOMAIN}",
                 "lists_co_participants": f"NIP: report of dates, co-participants, topics, learning goals. {DOMAIN}"},
    ),
    "nvo": dict(
        cycle_years=5, required_hours=Decimal("40"),
        notes="At least 40 hours of intervision or supervision in 5 years.",
        sources={"cycle_years": f"NVO: at least 40 h intervision/supervision in 5 years. {DOMAIN}",
                 "required_hours": f"NVO: at least 40 h intervision/supervision in 5 years. {DOMAIN}"},
    ),
    "fgzpt": dict(
        cycle_years=5, required_hours=Decimal("50"), lists_co_participants=True,
        notes="A moderator keeps the agenda and attendance.",
        sources={"cycle_years": f"FGzPt: at least 50 h per 5 years. {DOMAIN}",
                 "required_hours": f"FGzPt: at least 50 h per 5 years. {DOMAIN}",
                 "lists_co_participants": f"FGzPt: a moderator keeps agenda and attendance. {DOMAIN}"},
    ),
    "vaktherapie": dict(
        min_participants=3, max_participants=8,
        notes="Group of 3–8 members with a signed agreement.",
        sources={"min_participants": f"Register Vaktherapie: 3–8 members, signed agreement. {DOMAIN}",
                 "max_participants": f"Register Vaktherapie: 3–8 members, signed agreement. {DOMAIN}",
                 "cycle_years": UNKNOWN, "required_hours": UNKNOWN},
    ),
    "vit": dict(notes=UNKNOWN, sources={"cycle_years": UNKNOWN, "required_hours": UNKNOWN}),
    "skgv": dict(notes=UNKNOWN, sources={"cycle_years": UNKNOWN, "required_hours": UNKNOWN}),
    "lvsc": dict(notes=UNKNOWN, sources={"cycle_years": UNKNOWN, "required_hours": UNKNOWN}),
}


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    Register = apps.get_model("accounts", "Register")
    RegisterRule = apps.get_model("reports", "RegisterRule")
    for code, name in REGISTERS.items():
        Register.objects.get_or_create(code=code, defaults={"name": name})
    Register.objects.filter(code__in=SUPERVISOR_REGISTERS).update(recognised_supervisor=True)
    for code, fields in RULES.items():
        register = Register.objects.get(code=code)
        RegisterRule.objects.get_or_create(register=register, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("reports", "0001_initial"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
