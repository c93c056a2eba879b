"""Encrypted text fields: the database holds only tokens, the model the text; the database
is never asked to compare or sort them; a wrong key is a clear error; rotation re-encrypts
everything (and resumes); the migrations encrypt existing rows and decrypt them when reversed."""
from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.test.utils import isolate_apps

from kring.core import crypto
from kring.core.checks import data_keys_open_the_stored_values
from kring.core.fields import EncryptedTextField, encrypted_fields
from kring.mail.actions import queue_rendered_mail
from kring.mail.models import OutboxMessage

KEY_A, KEY_B = crypto.new_key(), crypto.new_key()
ID_A, ID_B = (crypto.key_id(crypto.parse_key(k)) for k in (KEY_A, KEY_B))


@pytest.fixture(autouse=True)
def _fresh_keys() -> Iterator[None]:
    crypto.reset_keys()
    yield
    crypto.reset_keys()


def _raw(message: OutboxMessage) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT body_text FROM mail_outboxmessage WHERE id = %s", [message.pk.hex if connection.vendor == "sqlite" else message.pk])
        return str(cursor.fetchone()[0])


def _mail(text: str) -> OutboxMessage:
    return queue_rendered_mail(kind="kring.test", to_email="a@example.org", subject="Onderwerp", body_text=text)


@pytest.mark.django_db
def test_the_row_holds_a_token_and_the_model_the_text() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        message = _mail("Cliënt K. denkt aan stoppen")
        raw = _raw(message)
        assert raw.startswith(f"kr1:{ID_A}:") and "stoppen" not in raw
        assert OutboxMessage.objects.get(pk=message.pk).body_text == "Cliënt K. denkt aan stoppen"
        # Text that looks like a token is still sealed, and comes back as typed.
        looks_sealed = _mail(f"kr1:{ID_A}:AAAA")
        assert _raw(looks_sealed) != f"kr1:{ID_A}:AAAA"
        assert OutboxMessage.objects.get(pk=looks_sealed.pk).body_text == f"kr1:{ID_A}:AAAA"


@pytest.mark.django_db
def test_lookups_on_encrypted_text_are_refused_except_isnull() -> None:
    for lookup in ("body_text", "body_text__icontains", "body_text__startswith", "body_text__in"):
        with pytest.raises(FieldError, match="Unsupported lookup"):
            list(OutboxMessage.objects.filter(**{lookup: "x" if not lookup.endswith("in") else ["x"]}))
    assert list(OutboxMessage.objects.filter(body_text__isnull=True)) == []


@isolate_apps("kring.core")
def test_ordering_by_an_encrypted_field_is_a_check_error() -> None:
    class Sorted(models.Model):
        text = EncryptedTextField()

        class Meta:
            app_label = "core"
            ordering = ["-text"]

        def __str__(self) -> str:
            return "sorted"

    assert [e.id for e in Sorted._meta.get_field("text").check()] == ["kring.E001"]


@pytest.mark.django_db
def test_a_missing_key_is_an_error_naming_the_key_never_empty_text() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        message = _mail("geheim")
    crypto.reset_keys()
    with override_settings(DATA_KEYS=[KEY_B]), pytest.raises(crypto.DataKeyError, match=ID_A):
        OutboxMessage.objects.get(pk=message.pk)


@pytest.mark.django_db
def test_rotation_re_encrypts_every_value_and_resumes() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        messages = [_mail(f"tekst {i}") for i in range(5)]
    crypto.reset_keys()
    with override_settings(DATA_KEYS=[KEY_B, KEY_A]):
        out = StringIO()
        call_command("rotate_data_key", "--batch", "2", stdout=out)
        assert "mail.OutboxMessage.body_text: 5 re-encrypted" in out.getvalue()
        assert all(_raw(m).startswith(f"kr1:{ID_B}:") for m in messages)
        again = StringIO()
        call_command("rotate_data_key", stdout=again)  # nothing left to do: a second run touches nothing
        assert "Done: 0 values re-encrypted." in again.getvalue()
    crypto.reset_keys()
    with override_settings(DATA_KEYS=[KEY_B]):  # the old key can go
        assert sorted(m.body_text for m in OutboxMessage.objects.all()) == [f"tekst {i}" for i in range(5)]


def test_the_confidential_fields_are_encrypted() -> None:
    """The list in docs/privacy.md: a field that stops being encrypted fails here."""
    names = {f"{m._meta.label}.{f.name}" for m, f in encrypted_fields()}
    assert names >= {
        "cases.Case.situation", "cases.Case.question", "cases.Case.wish",
        "live.Entry.text", "live.YieldEntry.text", "live.ChosenCase.question", "live.ChosenCase.intended_action",
        "live.GroupAgreements.text", "reports.Report.summary", "reports.Report.phases", "reports.Report.yields",
        "reports.ReportCasePart.question", "reports.ReportCasePart.advice", "reports.ReportCasePart.learning_points",
        "reports.ReportCasePart.intended_action", "reports.EvaluationAnswer.comment", "reports.Attendance.learning_goals",
        "reports.AttendanceSheet.topics", "meetings.PollResponse.comment", "meetings.PollChoice.comment",
        "formation.Application.motivation", "mail.OutboxMessage.body_text", "mail.OutboxMessage.body_html",
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_reverses() -> None:
    executor = MigrationExecutor(connection)
    before, after = [("mail", "0001_initial")], [("mail", "0002_encrypt_bodies_purged_at")]
    executor.migrate(before)
    try:
        old_model = executor.loader.project_state(before).apps.get_model("mail", "OutboxMessage")
        row = old_model.objects.create(kind="k", to_email="a@example.org", subject="S", body_text="oude tekst", body_html="")
        executor.loader.build_graph()
        executor.migrate(after)
        message = OutboxMessage.objects.get(pk=row.pk)
        assert message.body_text == "oude tekst" and crypto.is_encrypted(_raw(message))
        executor.loader.build_graph()
        executor.migrate(before)
        assert _raw(message) == "oude tekst"
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes("mail"))


@pytest.mark.django_db
def test_dumpdata_carries_tokens_and_loaddata_reads_them_back(tmp_path: Path) -> None:
    message = _mail("kanarie-dump")
    out = StringIO()
    call_command("dumpdata", "mail.OutboxMessage", stdout=out)
    assert "kanarie-dump" not in out.getvalue() and '"body_text": "kr1:' in out.getvalue()
    fixture = tmp_path / "mail.json"
    fixture.write_text(out.getvalue(), encoding="utf-8")
    OutboxMessage.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    assert OutboxMessage.objects.get(pk=message.pk).body_text == "kanarie-dump"


@pytest.mark.django_db
def test_the_database_check_names_a_key_that_is_not_configured() -> None:
    with override_settings(DATA_KEYS=[KEY_A]):
        _mail("geheim")
        assert data_keys_open_the_stored_values(databases=["default"]) == []
    crypto.reset_keys()
    with override_settings(DATA_KEYS=[KEY_B]):
        [error] = data_keys_open_the_stored_values(databases=["default"])
        assert error.id == "kring.E002" and ID_A in error.msg and "mail.OutboxMessage.body_text" in error.msg
