"""Everything Kring holds about one person (GDPR art. 15 and 20): one JSON file with every
row that points at them, plus the PDFs issued to them, in a ZIP.

Which rows: ``SOURCES`` names every relation to a person whose rows are theirs; ``OMITTED``
names the relations to a person that are deliberately not exported, each with its reason.
Which fields: every concrete field of those rows, except those in ``WITHHELD`` (each with its
reason). ``kring/privacy/tests/test_export.py`` walks all models: a new relation to a person
that is in neither table fails it, and so does an exported row that lacks a field."""
from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from kring.accounts.models import User
from kring.reports.models import EvaluationAnswer, Evidence
from kring.reports.queries import owner_tag

# (model label, field that points at the person)
SOURCES: tuple[tuple[str, str], ...] = (
    ("accounts.Registration", "person"),
    ("accounts.Relation", "declared_by"),
    ("account.EmailAddress", "user"),
    ("mfa.Authenticator", "user"),
    ("admin.LogEntry", "user"),
    ("audit.AuditEntry", "actor"),
    ("audit.AccessEntry", "reader"),
    ("audit.AccessEntry", "subject"),
    ("mail.OutboxMessage", "recipient"),
    ("organisations.OrgMembership", "person"),
    ("groups.GroupMembership", "person"),
    ("formation.Application", "person"),
    ("formation.FacilitatorCapacity", "person"),
    ("formation.FormationRun", "started_by"),
    ("formation.FormationRun", "publish_by"),
    ("methods.Method", "created_by"),
    ("meetings.Meeting", "organiser"),
    ("meetings.MeetingReply", "person"),
    ("meetings.CalendarFeed", "person"),
    ("meetings.DatePoll", "organiser"),
    ("meetings.PollResponse", "person"),
    ("cases.Case", "author"),
    ("live.LiveSession", "chair"),
    ("live.LiveSession", "note_taker"),
    ("live.LiveSession", "timekeeper"),
    ("live.GroupAgreements", "updated_by"),
    ("live.AgreementConfirmation", "person"),
    ("live.Presence", "person"),
    ("live.Vote", "voter"),
    ("live.ChosenCase", "bringer"),
    ("live.Entry", "author"),
    ("live.YieldEntry", "person"),
    ("reports.Report", "note_taker"),
    ("reports.Report", "sent_by"),
    ("reports.ReportCasePart", "bringer"),
    ("reports.AttendanceSheet", "confirmed_by"),
    ("reports.Attendance", "person"),
    ("reports.Evidence", "issued_to"),
    ("reports.Evidence", "issued_by"),
    ("reports.Evidence", "signed_by"),
    ("reports.EvaluationMarker", "person"),
    ("privacy.ErasureRequest", "person"),
    ("privacy.ErasureRequest", "confirmed_by"),
    ("accounts.Registration", "verified_by"),
    ("organisations.OrgInvitation", "invited_by"),
    ("organisations.OrgInvitation", "accepted_by"),
    ("api.AccessToken", "owner"),
    ("api.Webhook", "created_by"),
)

# Relations to a person whose rows are not exported to that person, and why.
OMITTED: dict[tuple[str, str], str] = {
    ("accounts.Relation", "other"): "declared by someone else: only they may know its kind",
    ("accounts.User_groups", "user"): "Django's permission groups: not used by Kring",
    ("accounts.User_user_permissions", "user"): "Django's permissions: not used by Kring",
}

# Fields of exported rows that are left out, and why.
WITHHELD: dict[str, str] = {
    "accounts.User.password": "a one-way hash of the password: no information, and a risk in a file",
    "mfa.Authenticator.data": "the secret of the second factor: whoever holds it can sign in",
    "meetings.CalendarFeed.token_hash": "the hash of the secret calendar address",
    "mail.OutboxMessage.body_text": "a mail's text can hold other people's cases and sign-in links",
    "mail.OutboxMessage.body_html": "a mail's text can hold other people's cases and sign-in links",
    "mail.OutboxMessage.dedupe_key": "an internal key against double mail",
    "reports.Evidence.pdf": "the document itself is in the ZIP, under documents/",
    "api.AccessToken.digest": "the hash of the secret token",
    "organisations.OrgInvitation.token_hash": "the hash of the invitation link's secret",
    "api.Webhook.secret": "the organisation's signing secret: whoever holds it can forge deliveries",
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def exported_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    label = _label(model)
    return [f for f in model._meta.concrete_fields if f"{label}.{f.name}" not in WITHHELD]


def _value(value: Any) -> Any:
    # Binary data (none exported today) goes as base64 rather than breaking the export.
    return base64.b64encode(bytes(value)).decode() if isinstance(value, bytes | memoryview) else value


def _row(obj: models.Model) -> dict[str, Any]:
    return {f.name: _value(getattr(obj, f.attname)) for f in exported_fields(obj._meta.model)}


def collect(person: User) -> dict[str, Any]:
    """The person's data as plain values, by model label."""
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "accounts.User": [_row(person)],
    }
    for label, field in SOURCES:
        model = apps.get_model(label)
        rows = [_row(obj) for obj in model._default_manager.filter(**{field: person}).order_by("pk")]
        data.setdefault(label, [])
        known = {row["id"] for row in data[label]}
        data[label].extend(row for row in rows if row["id"] not in known)
    # Evaluation answers carry no person; Kring finds the person's own by their keyed tag.
    meetings = apps.get_model("reports.EvaluationMarker")._default_manager.filter(person=person)
    tags = [owner_tag(person, marker.meeting) for marker in meetings.select_related("meeting")]
    data["reports.EvaluationAnswer"] = [_row(a) for a in EvaluationAnswer.objects.filter(owner_tag__in=tags)]
    data["withheld"] = WITHHELD
    return data


def build_zip(person: User) -> bytes:
    """The ZIP: ``kring-data.json`` and every document issued to the person."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("kring-data.json", json.dumps(collect(person), cls=DjangoJSONEncoder, indent=2,
                                                       ensure_ascii=False))
        for doc in Evidence.objects.filter(issued_to=person).order_by("created_at"):
            archive.writestr(f"documents/{doc.created_at:%Y%m%d}-{doc.code}-{doc.filename}", bytes(doc.pdf))
    return buffer.getvalue()


def filename() -> str:
    return f"kring-gegevens-{timezone.localdate():%Y%m%d}.zip"
