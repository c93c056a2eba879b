"""What a person downloads is Dutch: PDF file names ("deelnamebewijs-…", "presentielijst-…"),
decimal commas in the semicolon CSV, and counted words with their plural ("1 antwoord",
"2 antwoorden")."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Register, Registration
from kring.meetings.models import Meeting
from kring.reports import actions, evidence
from kring.reports.tests.conftest import Cast
from kring.reports.tests.test_costs_evaluation import SCORES
from kring.reports.tests.test_evidence import NOW, history  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _saved_as(client: Client, doc_id: object) -> str:
    response = client.get(reverse("reports:evidence", args=[doc_id]))
    found = re.search(r'filename="([^"]+)"', response["Content-Disposition"])
    assert found, response["Content-Disposition"]
    return found.group(1)


def test_pdfs_are_saved_under_dutch_names(cast: Cast, history: dict[str, Meeting]) -> None:  # noqa: F811
    anouk = cast.members[2]
    registration = Registration.objects.create(person=anouk, register=Register.objects.get(code="skj"), number="S-1")
    with time_machine.travel(NOW):
        certificate = evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 5, 31))
        attendance_list = evidence.issue_attendance_list(cast.facilitator, history["third"])
    member, facilitator = Client(), Client()
    member.force_login(anouk)
    facilitator.force_login(cast.facilitator)
    assert _saved_as(member, certificate.pk) == "deelnamebewijs-skj-2025-01-01-2025-05-31.pdf"
    assert _saved_as(facilitator, attendance_list.pk) == "presentielijst-2025-05-14.pdf"


def test_the_semicolon_csv_has_decimal_commas(cast: Cast, history: dict[str, Meeting]) -> None:  # noqa: F811
    client = Client()
    client.force_login(cast.members[1])
    body = client.get(reverse("reports:me_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    column = rows[0].index("Netto uren")
    hours = [row[column] for row in rows[1:]]
    assert hours and all(re.fullmatch(r"\d+,\d\d", h) for h in hours), hours
    assert "2,25" in hours  # 19:00–21:30 less the planned 15 minutes


def test_evaluation_counts_use_the_plural(cast: Cast) -> None:
    facilitator = Client()
    facilitator.force_login(cast.facilitator)
    url = reverse("reports:group_evaluations", args=[cast.group.pk])
    actions.answer_evaluation(cast.members[0], cast.meeting, SCORES, "")
    assert "tot nu toe 1 antwoord – nog niet zichtbaar" in facilitator.get(url).content.decode()
    actions.answer_evaluation(cast.members[1], cast.meeting, SCORES, "")
    page = facilitator.get(url).content.decode()
    assert "tot nu toe 2 antwoorden – nog niet zichtbaar" in page and "antwoord(en)" not in page
