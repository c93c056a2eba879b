from __future__ import annotations

import io
import json
import zipfile
from datetime import date

from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kring.accounts.models import Register, Registration, Relation, RelationKind
from kring.audit.models import AccessEntry
from kring.cases.models import Case
from kring.meetings.models import Meeting
from kring.privacy import events, export
from kring.reports import evidence
from kring.reports.tests.conftest import Cast


def _person_relations() -> set[tuple[str, str]]:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return {(m._meta.label, f.name) for m in apps.get_models(include_auto_created=True)
            for f in m._meta.get_fields() if f.is_relation and f.concrete and f.related_model is user}


def test_every_relation_to_a_person_is_exported_or_left_out_with_a_reason() -> None:
    relations = _person_relations()
    listed = set(export.SOURCES) | set(export.OMITTED)
    assert relations - listed == set(), "new relation to a person: add it to SOURCES (or OMITTED, with a reason)"
    assert listed - relations == set(), "stale entries in SOURCES/OMITTED"
    for key in export.WITHHELD:
        label, field = key.rsplit(".", 1)
        apps.get_model(label)._meta.get_field(field)  # raises for a stale entry


def _download(person_email: str) -> zipfile.ZipFile:
    client = Client()
    client.force_login(apps.get_model(settings.AUTH_USER_MODEL).objects.get(email=person_email))
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_zip_holds_every_field_of_the_persons_rows_and_their_documents(cast: Cast, history: dict[str, Meeting]) -> None:
    anouk, said = cast.members[2], cast.members[1]
    registration = Registration.objects.create(person=anouk, register=Register.objects.get(code="nvo"), number="N-77")
    doc = evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 6, 1))
    Case.objects.create(meeting=history["third"], author=anouk, title="Een eigen casus", situation="Situatie X",
                        question="Vraag Y")
    Relation.objects.create(declared_by=anouk, other=cast.facilitator, kind=RelationKind.AUTHORITY)
    Relation.objects.create(declared_by=said, other=anouk, kind=RelationKind.THERAPEUTIC)  # Saïd's, not hers

    archive = _download(anouk.email)
    data = json.loads(archive.read("kring-data.json"))

    assert data["accounts.User"][0]["email"] == anouk.email and "password" not in data["accounts.User"][0]
    exported_labels = {label for label, _ in export.SOURCES} | {"accounts.User", "reports.EvaluationAnswer"}
    for label in exported_labels:
        expected = {f.name for f in export.exported_fields(apps.get_model(label))}
        for row in data[label]:
            assert set(row) == expected, label
    assert [c["title"] for c in data["cases.Case"]] == ["Een eigen casus"]
    assert data["accounts.Registration"][0]["number"] == "N-77"
    assert [r["kind"] for r in data["accounts.Relation"]] == [RelationKind.AUTHORITY]  # not the one about her
    assert len(data["reports.Attendance"]) == 3  # the three meetings of the history
    assert data["withheld"]["reports.Evidence.pdf"]

    pdfs = [n for n in archive.namelist() if n.startswith("documents/")]
    assert pdfs == [f"documents/{doc.created_at:%Y%m%d}-{doc.code}-{doc.filename}"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read(pdfs[0]))).pages)
    assert "Anouk de Vries" in " ".join(text.split())
    # Downloading is a read of her data: it is in the access log.
    assert AccessEntry.objects.filter(event=events.DATA_EXPORTED, reader=anouk, subject=anouk).count() == 1


def test_someone_elses_data_is_not_in_the_zip(cast: Cast) -> None:
    bram, anouk = cast.members[0], cast.members[2]
    data = json.loads(_download(anouk.email).read("kring-data.json"))
    assert data["cases.Case"] == [] and bram.email not in json.dumps(data)
