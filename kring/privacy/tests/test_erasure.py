from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.db.models import PROTECT
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Register, Registration, User
from kring.audit.chain import pseudonym
from kring.audit.models import AccessEntry, AuditEntry
from kring.cases.models import Case
from kring.core.errors import Refused
from kring.live.models import ChosenCase, Contribution, Entry, LiveSession, YieldEntry
from kring.meetings.models import DatePoll
from kring.privacy import actions, erasure
from kring.privacy.models import ErasureRequest, ErasureStatus
from kring.reports import evidence
from kring.reports.models import Evidence, Report, ReportCasePart
from kring.reports.tests.conftest import Cast
from kring.site.testing import make_person


def _staff_client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def anouks_traces(cast: Cast, history: dict) -> dict:
    """Anouk brought a case, gave advice on Bram's, wrote a yield, organised a poll and
    holds a certificate; Saïd advised on her case."""
    anouk, bram, said = cast.members[2], cast.members[0], cast.members[1]
    session = LiveSession.objects.create(meeting=cast.meeting)
    her_case = Case.objects.create(meeting=cast.meeting, author=anouk, title="Anouks casus", situation="S", question="Q")
    her_chosen = ChosenCase.objects.create(session=session, slot=2, case=her_case, bringer=anouk, question="Haar vraag")
    brams_chosen = ChosenCase.objects.create(session=session, slot=1, case=cast.case, bringer=bram, question="Brams vraag")
    on_hers = Entry.objects.create(session=session, chosen=her_chosen, kind=Contribution.ADVICE, author=said, text="Advies aan Anouk")
    hers_on_brams = Entry.objects.create(session=session, chosen=brams_chosen, kind=Contribution.ADVICE, author=anouk,
                                         text="Advies van Anouk aan Bram")
    YieldEntry.objects.create(session=session, person=anouk, text="Mijn opbrengst")
    report = Report.objects.create(meeting=cast.meeting, summary="verslag")
    ReportCasePart.objects.create(report=report, case=her_case, bringer=anouk, title="Anouks deel")
    poll = DatePoll.objects.create(group=cast.group, organiser=anouk, title="Nieuwe datum", deadline=cast.meeting.ends_at)
    registration = Registration.objects.create(person=anouk, register=Register.objects.get(code="nvo"), number="N-1")
    doc = evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 6, 1))
    return {"anouk": anouk, "on_hers": on_hers, "hers_on_brams": hers_on_brams, "poll": poll, "doc": doc,
            "her_case": her_case}


def test_erasure_on_request_confirmed_by_staff(cast: Cast, anouks_traces: dict) -> None:
    anouk, doc = anouks_traces["anouk"], anouks_traces["doc"]
    anouk_id = anouk.pk
    staff = make_person("Sietske Staf", staff=True)
    person_client = Client()
    person_client.force_login(anouk)
    assert person_client.post(reverse("privacy:request_erasure")).status_code == 302
    req = ErasureRequest.objects.get(person=anouk, status=ErasureStatus.REQUESTED)
    assert "Anouk de Vries" in _staff_client(staff).get(reverse("privacy:erasure_requests")).content.decode()

    # A wrong (or no) address erases nothing.
    url = reverse("privacy:confirm_erasure", kwargs={"request_id": req.pk})
    _staff_client(staff).post(url, {f"{req.pk}-email": "someone@else.example"})
    _staff_client(staff).post(url, {})
    assert User.objects.filter(pk=anouk_id).exists()

    _staff_client(staff).post(url, {f"{req.pk}-email": anouk.email.upper()})

    assert not User.objects.filter(pk=anouk_id).exists()
    assert not Registration.objects.filter(number="N-1").exists()
    # Her own case and what was said about it are gone; Bram's case stays.
    assert not Case.objects.filter(pk=anouks_traces["her_case"].pk).exists()
    assert not Entry.objects.filter(pk=anouks_traces["on_hers"].pk).exists()
    assert not ReportCasePart.objects.filter(title="Anouks deel").exists()
    assert not any(y.text == "Mijn opbrengst" for y in YieldEntry.objects.all())  # encrypted: compared here
    assert Case.objects.filter(pk=cast.case.pk).exists()
    # What she wrote in Bram's part of the meeting stays for him, without her name.
    advice = Entry.objects.select_related("author").get(pk=anouks_traces["hers_on_brams"].pk)
    assert advice.text == "Advies van Anouk aan Bram" and advice.author.is_erased and not advice.author.is_active
    assert not advice.author.has_usable_password() and advice.author.name == "—"
    assert DatePoll.objects.select_related("organiser").get(pk=anouks_traces["poll"].pk).organiser.is_erased
    # Her certificate stays verifiable by its code, without her name (the PDF had it).
    kept = Evidence.objects.get(pk=doc.pk)
    assert bytes(kept.pdf) == b"" and kept.sha256 == doc.sha256
    page = Client().get(reverse("reports:verify"), {"code": doc.code}).content.decode()
    assert "Deze code is geldig" in page and "Anouk" not in page and "verwijderd" in page
    # The trail keeps no key to her; the erasure itself is recorded.
    assert not AuditEntry.objects.filter(actor_id=anouk_id).exists()
    assert not AccessEntry.objects.filter(subject_id=anouk_id).exists()
    assert not AccessEntry.objects.filter(reader_id=anouk_id).exists()
    req.refresh_from_db()
    assert req.status == ErasureStatus.DONE and req.person is None and req.confirmed_by == staff
    done = AuditEntry.objects.get(name="kring.privacy.person_erased")
    assert done.actor == staff and done.data["cases"] == 1 and done.data["entries_anonymised"] == 1
    assert pseudonym(anouk_id) != pseudonym(cast.members[1].pk)


def test_every_protected_relation_to_a_person_has_an_erasure_rule() -> None:
    protected = {(m._meta.label, f.name) for m in apps.get_models() for f in m._meta.get_fields()
                 if f.is_relation and f.concrete and f.related_model is User
                 and getattr(f.remote_field, "on_delete", None) is PROTECT}
    assert protected == set(erasure.PROTECTED)


def test_a_request_can_be_withdrawn_and_not_made_twice(cast: Cast) -> None:
    anouk = cast.members[2]
    actions.request_erasure(anouk)
    with pytest.raises(Refused):
        actions.request_erasure(anouk)
    actions.withdraw_erasure(anouk)
    assert not ErasureRequest.objects.exists()
    with pytest.raises(Refused):
        actions.withdraw_erasure(anouk)


def test_only_staff_confirm_and_staff_are_not_erased_this_way(cast: Cast) -> None:
    anouk = cast.members[2]
    req = actions.request_erasure(anouk)
    with pytest.raises(Refused):
        actions.confirm_erasure(cast.coordinator, str(req.pk), anouk.email)
    with pytest.raises(Refused):
        actions.request_erasure(make_person("Sietske Staf", staff=True))
    assert User.objects.filter(pk=anouk.pk).exists()
