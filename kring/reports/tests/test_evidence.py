"""Attendance, net hours, register rules, PDFs read back, signing and verification."""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kring.accounts import actions as account_actions
from kring.accounts.models import Register, Registration
from kring.core.errors import Refused
from kring.meetings.models import Meeting
from kring.reports import actions, evidence, hours, money, progress
from kring.reports.models import AttendanceMode, AttendanceSheet, AttendanceStatus, FeeBasis, Payer, RegisterRule
from kring.reports.tests.conftest import Cast, at, make_meeting
from kring.reports.tests.test_reports import record
from kring.site.testing import make_person

pytestmark = pytest.mark.django_db
NOW = "2025-06-01T12:00:00+02:00"


def text_of(pdf: bytes) -> str:
    # Layout line breaks are not content: compare on single spaces.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def confirm(cast: Cast, meeting: Meeting, per_person: Mapping[str, Mapping[str, object]] | None = None) -> AttendanceSheet:
    sheet = actions.prepare_sheet(cast.facilitator, meeting, None)
    lines = {}
    for line in sheet.lines.all():
        values: dict[str, object] = {"status": AttendanceStatus.PRESENT, "mode": AttendanceMode.IN_PERSON}
        values.update((per_person or {}).get(line.person.name, {}))
        lines[str(line.pk)] = values
    return actions.update_attendance(cast.facilitator, sheet, started_at=sheet.started_at, ended_at=sheet.ended_at,
                                     break_minutes=sheet.break_minutes, topics="Grenzen\nSamenwerking", lines=lines, confirm=True)


@pytest.fixture
def history(cast: Cast) -> dict[str, Meeting]:
    """Three meetings of Saïd: in person, online with video, online without video."""
    online = make_meeting(cast.group, "2025-04-09", online_url="https://meet.example.org/x")
    third = make_meeting(cast.group, "2025-05-14", start="19:00", end="21:00", break_minutes=0)
    with time_machine.travel(NOW):
        confirm(cast, cast.meeting)
        confirm(cast, online, {"Saïd Deelnemer": {"mode": AttendanceMode.ONLINE_VIDEO}})
        confirm(cast, third, {"Saïd Deelnemer": {"mode": AttendanceMode.ONLINE_NO_VIDEO},
                              "Joost Jansen": {"status": AttendanceStatus.PARTLY, "present_from": at("2025-05-14", "19:30"),
                                               "present_until": at("2025-05-14", "21:00")}})
    return {"online": online, "third": third}


def test_net_hours_subtract_breaks_and_partial_presence(cast: Cast, history: dict[str, Meeting]) -> None:
    line = history["third"].attendance_sheet.lines.get(person__name="Joost Jansen")
    assert hours.net_minutes(line, line.sheet) == 90  # 19:30–21:00, no breaks
    first = cast.meeting.attendance_sheet.lines.get(person__name="Saïd Deelnemer")
    assert hours.net_minutes(first, first.sheet) == 135  # 19:00–21:30 minus 15 planned


def test_online_without_video_is_excluded_for_a_register_that_requires_video(cast: Cast, history: dict[str, Meeting]) -> None:
    said = cast.members[1]
    registerplein = Registration.objects.create(person=said, register=Register.objects.get(code="registerplein"), number="RP-1")
    skj = Registration.objects.create(person=said, register=Register.objects.get(code="skj"), number="SKJ-7")
    with time_machine.travel(NOW):
        rp = progress.progress(registerplein)
        both = progress.progress(skj)
    assert [i.meeting for i in rp.not_counted] == [history["third"]]
    assert rp.not_counted[0].reasons[0].startswith("Online zonder beeld: Registerplein telt")
    assert rp.points == hours.as_hours(135) * 2  # two meetings of 2:15 net
    assert not both.not_counted and both.points == hours.as_hours(135) * 2 + 2
    assert both.still_needed == 60 - both.points
    client = Client()
    client.force_login(said)
    with time_machine.travel(NOW):
        page = client.get(reverse("reports:me")).content.decode()
    assert "Online zonder beeld: Registerplein" in page


def test_minimum_length_and_group_size_rules(cast: Cast, history: dict[str, Meeting]) -> None:
    rule = RegisterRule.objects.get(register__code="vaktherapie")
    rule.min_meeting_minutes, rule.max_participants = 130, 3
    rule.save()
    line = history["third"].attendance_sheet.lines.get(person__name="Anouk de Vries")
    reasons = progress.reasons_not_counting(line, rule)
    assert any("2:00" in r and "2:10" in r for r in reasons)
    assert any("4 deelnemers" in r for r in reasons)


def test_certificate_pdf_reads_back_with_dates_hours_and_names(cast: Cast, history: dict[str, Meeting]) -> None:
    anouk = cast.members[2]
    Registration.objects.create(person=cast.facilitator, register=Register.objects.get(code="lvsc"), number="LV-55",
                                verified_at=timezone.now())
    registration = Registration.objects.create(person=anouk, register=Register.objects.get(code="nip"), number="NIP-123")
    actions.set_learning_goals(anouk, cast.meeting.attendance_sheet.lines.get(person=anouk), "Eerder grenzen aangeven")
    with time_machine.travel(NOW):
        doc = evidence.issue_certificate(anouk, registration, date(2025, 1, 1), date(2025, 5, 31))
    text = text_of(bytes(doc.pdf))
    for expected in ["Anouk de Vries", "NIP-123", "12 maart 2025", "9 april 2025", "14 mei 2025", "19:00–21:30",
                     "2:15", "2:00", "6:30", "Femke Begeleider", "LV-55", "Intervisiegroep Oost",
                     "Saïd Deelnemer", "Grenzen", "Eerder grenzen aangeven", doc.code]:
        assert expected in text, expected
    with pytest.raises(Refused):
        evidence.issue_certificate(cast.members[1], registration, date(2025, 1, 1), date(2025, 5, 31))
    with pytest.raises(Refused):
        evidence.issue_certificate(anouk, registration, date(2025, 5, 31), date(2025, 1, 1))


def test_attendance_list_has_names_times_and_signature_lines(cast: Cast, history: dict[str, Meeting]) -> None:
    with time_machine.travel(NOW):
        doc = evidence.issue_attendance_list(cast.facilitator, history["third"])
    text = text_of(bytes(doc.pdf))
    for expected in ["14 mei 2025", "19:00–21:00", "Joost Jansen", "19:30–21:00", "1:30", "online zonder video" if False else "Saïd Deelnemer", "Signature"]:
        assert expected in text or expected.replace("Signature", "Handtekening") in text, expected
    with pytest.raises(Refused):
        evidence.issue_attendance_list(cast.members[0], history["third"])


def test_reflection_statement_only_by_a_recognised_supervisor(cast: Cast, history: dict[str, Meeting]) -> None:
    said = cast.members[1]
    Registration.objects.create(person=cast.facilitator, register=Register.objects.get(code="skj"), number="SKJ-1")
    with pytest.raises(Refused, match=r"recognised|erkend"):
        evidence.sign_reflection(cast.facilitator, cast.group, said, date(2025, 1, 1), date(2025, 6, 1))
    # A supervisor registration typed in by the facilitator counts only once staff verified it.
    supervisor = Registration.objects.create(person=cast.facilitator, register=Register.objects.get(code="lvsc"), number="LV-55")
    with pytest.raises(Refused, match=r"recognised|erkend"):
        evidence.sign_reflection(cast.facilitator, cast.group, said, date(2025, 1, 1), date(2025, 6, 1))
    account_actions.verify_registration(make_person("Stan Staff", staff=True), supervisor)
    with time_machine.travel("2025-06-02T10:30:00+02:00"):
        doc = evidence.sign_reflection(cast.facilitator, cast.group, said, date(2025, 1, 1), date(2025, 6, 1))
    text = text_of(bytes(doc.pdf))
    for expected in ["Femke Begeleider", "LV-55", "2 juni 2025 10:30", "Saïd Deelnemer", "6:30"]:
        assert expected in text, expected
    assert doc.issued_to == said and doc.signed_by == cast.facilitator
    with pytest.raises(Refused):
        evidence.sign_reflection(cast.members[0], cast.group, said, date(2025, 1, 1), date(2025, 6, 1))


def test_verification_page_confirms_a_real_code_and_nothing_for_a_forged_one(cast: Cast, history: dict[str, Meeting]) -> None:
    registration = Registration.objects.create(person=cast.members[2], register=Register.objects.get(code="nvo"), number="N-1")
    doc = evidence.issue_certificate(cast.members[2], registration, date(2025, 1, 1), date(2025, 6, 1))
    client = Client()  # anonymous
    url = reverse("reports:verify")
    real = client.get(url, {"code": doc.code.lower().replace("-", " ")}).content.decode()
    assert "Anouk de Vries" in real and doc.created_at.strftime("%Y") in real
    assert "NVO" not in real and "12 maart" not in real  # nothing else
    forged_code = ("B" if doc.code[0] != "B" else "C") + doc.code[1:]
    forged = client.get(url, {"code": forged_code}).content.decode()
    unknown = client.get(url, {"code": "nonsense"}).content.decode()
    assert "Anouk" not in forged
    def answer(html: str) -> str:
        found = re.search(r'<div class="verify-result".*?</div>', html, re.S)
        assert found, html
        return found.group(0)

    assert answer(forged) == answer(unknown)
    assert "Anouk" not in answer(unknown)


def test_exports(cast: Cast, history: dict[str, Meeting]) -> None:
    said = cast.members[1]
    client = Client()
    client.force_login(said)
    body = client.get(reverse("reports:me_csv")).content.decode("utf-8-sig")
    assert body.count("\n") == 4 and "Saïd Deelnemer;Intervisiegroep Oost;2025-04-09;19:00;21:30" in body
    registration = Registration.objects.create(person=said, register=Register.objects.get(code="skj"), number="S")
    evidence.issue_certificate(said, registration, date(2025, 1, 1), date(2025, 6, 1))
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("reports:me_zip")).content))
    (name,) = archive.namelist()
    assert "Saïd Deelnemer" in text_of(archive.read(name))
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    org_csv = coordinator.get(reverse("reports:organisation_csv", args=[cast.org.pk])).content.decode("utf-8-sig")
    assert org_csv.count("\n") == 1 + 12 and "Joost Jansen" in org_csv


def test_seeded_register_rules_and_supervisor_registers() -> None:
    codes = set(RegisterRule.objects.values_list("register__code", flat=True))
    assert codes == {"skj", "registerplein", "nip", "nvo", "fgzpt", "vaktherapie", "vit", "skgv", "lvsc"}
    assert set(Register.objects.filter(recognised_supervisor=True).values_list("code", flat=True)) >= {"lvsc", "vgct", "nip", "nvo", "nvrg"}
    skj = RegisterRule.objects.get(register__code="skj")
    assert (skj.cycle_years, skj.required_hours) == (5, Decimal("60")) and "SKJ" in skj.sources["required_hours"]
    assert RegisterRule.objects.get(register__code="registerplein").online_requires_video


def test_attendance_is_prefilled_from_the_live_record(cast: Cast) -> None:
    sheet = actions.prepare_sheet(cast.facilitator, cast.meeting, record(cast))
    status = {line.person.name: line.status for line in sheet.lines.all()}
    assert status == {"Bram Inbrenger": "present", "Saïd Deelnemer": "present", "Anouk de Vries": "present", "Joost Jansen": "absent"}
    goals = {line.person.name: line.learning_goals for line in sheet.lines.all()}
    assert goals["Bram Inbrenger"] == "Ik zeg eerder nee" and goals["Saïd Deelnemer"] == "Meer rust in mijn aanpak"
    # Actual times and pauses from the record: 19:05–21:30 with 20 minutes of pauses.
    assert (sheet.started_at, sheet.break_minutes) == (at("2025-03-12", "19:05"), 20)
    assert "Grenzen bij een cliënt" in sheet.topics


def test_a_track_fee_is_split_over_the_current_members(cast: Cast) -> None:
    actions.set_fee(cast.facilitator, cast.group, basis=FeeBasis.PER_TRACK, amount=Decimal("1000.01"), vat_included=False,
                    vat_rate=Decimal("21"), payer=Payer.MEMBERS, track_starts_on=date(2025, 1, 6))
    (charge,) = money.charges(cast.group, date(2025, 1, 1), date(2025, 12, 31))
    assert charge.amounts.incl == Decimal("1210.01") and sum(charge.shares.values()) == Decimal("1210.01")
    assert sorted(charge.shares.values()) == [Decimal("302.50")] * 3 + [Decimal("302.51")]
    assert money.charges(cast.group, date(2026, 1, 1), date(2026, 12, 31)) == []
