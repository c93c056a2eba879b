"""The audit trail and access log as hash chains: tamper with one row and `verify_audit`
names it; the ORM cannot change them; erasure keeps a pseudonym; concurrent writers keep
the chain whole."""
from __future__ import annotations

import threading
from uuid import UUID

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from kring.audit import actions
from kring.audit.chain import first_break, pseudonym
from kring.audit.models import AccessEntry, AppendOnly, AuditEntry
from kring.site.testing import make_person


def verify() -> str:
    out: list[str] = []

    class Sink:
        def write(self, text: str) -> None:
            out.append(text)

        def flush(self) -> None:
            pass

    call_command("verify_audit", stdout=Sink())
    return "".join(out)


def raw(sql: str, *params: str | UUID) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_tampering_with_one_row_is_named_by_verify_audit() -> None:
    anna, bob = make_person("Anna Actor"), make_person("Bob Lezer")
    for n in range(5):
        actions.audit("kring.test.thing_done", anna, None, n=n)
        actions.log_access("kring.test.thing_read", bob, None, subject=anna)
    assert verify().count(" (5 ") == 2  # both chains intact, five entries each

    third = AuditEntry.objects.get(seq=3)
    raw("UPDATE audit_auditentry SET data = %s WHERE id = %s", '{"n": 99}', third.pk.hex if connection.vendor == "sqlite" else third.pk)
    with pytest.raises(CommandError) as broken:
        verify()
    assert f" 3 (id {third.pk})" in str(broken.value)
    assert "audit.accessentry" not in str(broken.value)  # the other chain is intact

    # Pointing an access entry at another reader is caught too, though the key is not hashed.
    second = AccessEntry.objects.get(seq=2)
    raw("UPDATE audit_accessentry SET reader_id = %s WHERE id = %s",
        *((anna.pk.hex, second.pk.hex) if connection.vendor == "sqlite" else (anna.pk, second.pk)))
    found = first_break(AccessEntry)
    assert found is not None and found.seq == 2 and "reader_id" in found.why


@pytest.mark.django_db
def test_a_removed_row_in_the_middle_breaks_the_chain_but_a_purged_start_does_not() -> None:
    anna = make_person("Anna Actor")
    for n in range(4):
        actions.audit("kring.test.thing_done", anna, None, n=n)
    AuditEntry.objects.filter(seq__lte=2).cut_before(2)  # retention took the oldest one
    assert first_break(AuditEntry) is None
    AuditEntry.objects.filter(seq=3).cut_before(4)  # the one before the last, through a loophole
    found = first_break(AuditEntry)
    assert found is not None and found.seq == 4 and " 3 " in found.why


@pytest.mark.django_db
def test_rows_cannot_be_changed_or_deleted_through_the_orm() -> None:
    entry = actions.audit("kring.test.thing_done", None, None)
    entry.name = "kring.test.something_else"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(name="x")
    with pytest.raises(AppendOnly):
        AccessEntry.objects.all().delete()


@pytest.mark.django_db
def test_an_erased_person_stays_a_pseudonym_and_the_chain_still_verifies() -> None:
    erased, other = make_person("Eva Gewist"), make_person("Otto Ander")
    actions.audit("kring.test.thing_done", erased, None)
    actions.log_access("kring.test.thing_read", erased, None, subject=other)
    actions.log_access("kring.test.thing_read", other, None, subject=erased)
    ref = pseudonym(erased.pk)
    assert ref and str(erased.pk) not in ref

    erased_pk = erased.pk
    actions.pseudonymise_actor(erased_pk)
    erased.delete()
    assert AuditEntry.objects.get().actor_id is None and AuditEntry.objects.get().actor_ref == ref
    assert list(AccessEntry.objects.order_by("seq").values_list("reader_ref", "subject_ref")) == [
        (ref, pseudonym(other.pk)), (pseudonym(other.pk), ref)]
    assert not AccessEntry.objects.filter(reader_id=erased_pk).exists()
    assert first_break(AuditEntry) is None and first_break(AccessEntry) is None

    # Deleted without the call first, the keys are cleared by the database's SET_NULL: the same.
    other_pk = other.pk
    other.delete()
    assert not AccessEntry.objects.filter(subject_id=other_pk).exists()
    assert AccessEntry.objects.filter(subject_ref=pseudonym(other_pk)).count() == 1
    assert first_break(AccessEntry) is None


@pytest.mark.django_db
def test_purging_by_age_keeps_a_verifiable_chain() -> None:
    for n in range(3):
        actions.log_access(f"kring.test.thing_{n}_read", None, None)
    cutoff = timezone.now()
    actions.log_access("kring.test.thing_read", None, None)
    assert actions.purge_before(AccessEntry, cutoff) == 3
    assert list(AccessEntry.objects.values_list("seq", flat=True)) == [4]
    actions.log_access("kring.test.thing_read", None, None)
    assert first_break(AccessEntry) is None and AccessEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain() -> None:
    writers, each = 4, 10
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(each):
                actions.audit("kring.test.thing_done", None, None, writer=n, i=i)
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, writers * each + 1))
    assert first_break(AuditEntry) is None
