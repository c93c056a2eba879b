"""The main flow in a real browser: the facilitator confirms attendance and edits the
report, the case bringer approves, the report goes out. axe-core on every page."""
from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from kring.accounts.models import Register, Registration, User
from kring.cases.models import Case, CaseStatus
from kring.groups.models import IntervisionGroup, MemberRole
from kring.mail.models import OutboxMessage
from kring.meetings.models import Meeting, MeetingStatus
from kring.organisations.models import OrgRole
from kring.reports import actions
from kring.reports.models import AttendanceMode, AttendanceSheet, FeeBasis, Payer, RegisterRule, Report, ReportStatus
from kring.site.browser import assert_accessible, login
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group


def reseed() -> None:
    """A transactional test flushes the database, data-migration rows included: put the
    registers and their rules back the way the migration does."""
    importlib.import_module("kring.reports.migrations.0002_seed_register_rules").seed(apps, None)


def group_with_facilitator(name: str) -> tuple[IntervisionGroup, User]:
    """A group of an organisation (made by its coordinator) with its facilitator."""
    org = make_org("Org")
    coordinator = make_person("Coby")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, name)
    facilitator = make_person("Fenna Begeleider")
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    return group, facilitator


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_flow(live_server: Any, new_page: Any) -> None:
    group, facilitator = group_with_facilitator("Groep Noord")
    bringer, other = make_person("Bas Inbrenger"), make_person("Ria Deelnemer")
    put_in_group(group, bringer)
    put_in_group(group, other)
    start = timezone.now() - timedelta(days=1)
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + timedelta(hours=2), status=MeetingStatus.HELD, location="Zwolle")
    Case.objects.create(meeting=meeting, author=bringer, title="Nabijheid", situation="S", question="Hoe dichtbij?", status=CaseStatus.TREATED)
    base = live_server.url

    page = new_page()
    login(page, base, facilitator.email)
    page.goto(f"{base}/groepen/{group.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=str(meeting.starts_at.astimezone(timezone.get_current_timezone()).day), exact=False).first.click()
    assert_accessible(page)
    page.goto(f"{base}/verslagen/bijeenkomst/{meeting.pk}/aanwezigheid/")
    page.locator("form button[type=submit]").last.click()
    assert_accessible(page)
    page.locator("fieldset", has_text="Ria Deelnemer").locator("select[name$='-mode']").select_option("online_video")
    page.locator("button[name=confirm]").click()
    assert_accessible(page)
    sheet = AttendanceSheet.objects.get(meeting=meeting)
    assert sheet.is_confirmed and sheet.lines.get(person=other).mode == "online_video"
    # A change after confirming withdraws the confirmation; the page says who changed what.
    page.locator("fieldset", has_text="Ria Deelnemer").locator("select[name$='-mode']").select_option("online_no_video")
    page.locator("button[name=save]").click()
    history = page.locator("section", has_text="Wijzigingen")
    assert "Ria Deelnemer, hoe: online met beeld → online zonder beeld" in history.inner_text()
    assert "de bevestiging is ingetrokken" in history.inner_text()
    assert_accessible(page)
    assert not AttendanceSheet.objects.get(meeting=meeting).is_confirmed
    page.locator("button[name=confirm]").click()
    assert_accessible(page)
    assert AttendanceSheet.objects.get(meeting=meeting).is_confirmed

    page.goto(f"{base}/verslagen/bijeenkomst/{meeting.pk}/verslag/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").last.click()  # draft
    page.wait_for_url("**/bewerken/")
    assert_accessible(page)
    page.locator("textarea[name$=learning_points]").fill("Ik vraag eerder om hulp")
    page.locator("main form button[type=submit]").last.click()
    assert_accessible(page)
    page.locator("form[action$='versturen/'] button").click()
    assert_accessible(page)
    assert Report.objects.get(meeting=meeting).status == ReportStatus.DRAFT  # waits for approval

    # Another member does not read the draft; the meeting page tells her it is being written.
    other_page = new_page()
    login(other_page, base, other.email)
    other_page.goto(f"{base}/verslagen/bijeenkomst/{meeting.pk}/")
    assert "Het verslag wordt nog geschreven" in other_page.content()
    assert_accessible(other_page)
    assert other_page.goto(f"{base}/verslagen/bijeenkomst/{meeting.pk}/verslag/").status == 403
    assert "Ik vraag eerder om hulp" not in other_page.content()

    # The bringer finds the request on her dashboard and reads only her own part.
    bringer_page = new_page()
    login(bringer_page, base, bringer.email)
    bringer_page.goto(f"{base}/overzicht/")
    assert_accessible(bringer_page)
    bringer_page.get_by_role("link", name="het deel over jouw casus", exact=False).click()
    bringer_page.wait_for_url(f"**/verslagen/bijeenkomst/{meeting.pk}/verslag/")
    assert "Ik vraag eerder om hulp" in bringer_page.content()
    assert "Gegevens van de bijeenkomst" not in bringer_page.content()
    assert_accessible(bringer_page)
    bringer_page.locator("form[action*='goedkeuren'] button").click()
    assert_accessible(bringer_page)

    page.reload()
    page.locator("form[action$='versturen/'] button").click()
    assert_accessible(page)
    assert Report.objects.get(meeting=meeting).status == ReportStatus.SENT
    assert OutboxMessage.objects.filter(kind="kring.reports.report").count() == 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_other_pages_are_accessible(live_server: Any, new_page: Any) -> None:
    """Evaluation, own progress with chart, costs, group evaluations with chart, reflection
    signing, register rules and the public verification page: axe on each."""
    reseed()
    group, facilitator = group_with_facilitator("Groep Zuid")
    Registration.objects.create(person=facilitator, register=Register.objects.get(code="lvsc"), number="LV-1",
                                verified_at=timezone.now())
    members = [make_person(n) for n in ("Ada", "Bo", "Cas")]
    for m in members:
        put_in_group(group, m)
    Registration.objects.create(person=members[0], register=Register.objects.get(code="registerplein"), number="RP-1")
    start = timezone.now() - timedelta(days=3)
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + timedelta(hours=2), status=MeetingStatus.HELD)
    sheet = actions.prepare_sheet(facilitator, meeting, None)
    lines = {str(line.pk): {"status": "present", "mode": AttendanceMode.ONLINE_NO_VIDEO} for line in sheet.lines.all()}
    actions.update_attendance(facilitator, sheet, started_at=sheet.started_at, ended_at=sheet.ended_at, break_minutes=15,
                              topics="Grenzen", lines=lines, confirm=True)
    actions.set_fee(facilitator, group, basis=FeeBasis.PER_MEETING, amount=Decimal("100"), vat_included=True,
                    vat_rate=Decimal("21"), payer=Payer.MEMBERS, track_starts_on=None)
    scores = {"usefulness": 4, "safety": 4, "collaboration": 3, "problem_solving": 4, "confidence": 3, "self_awareness": 5}
    for m in members[1:]:
        actions.answer_evaluation(m, meeting, scores, "Goed")
    base = live_server.url

    page = new_page()
    login(page, base, members[0].email)
    page.goto(f"{base}/verslagen/bijeenkomst/{meeting.pk}/evaluatie/")
    assert_accessible(page)
    for name in ("usefulness", "safety", "collaboration", "problem_solving", "confidence", "self_awareness"):
        page.select_option(f"select[name={name}]", "4")
    page.locator("main form button[type=submit]").click()
    assert_accessible(page)
    page.goto(f"{base}/verslagen/mijn/")
    assert "Online zonder beeld" in page.content() and "own-chart" in page.content()
    assert_accessible(page)
    page.goto(f"{base}/")
    assert_accessible(page)  # the dashboard with this area's panel

    fac = new_page()
    login(fac, base, facilitator.email)
    for path in (f"groep/{group.pk}/evaluaties/", f"groep/{group.pk}/kosten/", f"groep/{group.pk}/reflectieverklaring/",
                 f"bijeenkomst/{meeting.pk}/aanwezigheid/", f"bijeenkomst/{meeting.pk}/"):
        fac.goto(f"{base}/verslagen/{path}")
        assert_accessible(fac)
    fac.goto(f"{base}/verslagen/groep/{group.pk}/evaluaties/")
    assert "<svg" in fac.content() and "Goed" in fac.content()
    fac.goto(f"{base}/verslagen/groep/{group.pk}/reflectieverklaring/")
    fac.select_option("select[name=person]", label="Ada")
    fac.fill("input[name=start]", "2020-01-01")
    fac.fill("input[name=end]", timezone.localdate().isoformat())
    fac.locator("main form button[type=submit]").click()
    assert_accessible(fac)
    assert members[0].evidence.filter(kind="reflection").exists()

    staff = make_person("Stef", staff=True)
    admin = new_page()
    login(admin, base, staff.email)
    admin.goto(f"{base}/verslagen/beheer/registerregels/")
    assert_accessible(admin)
    admin.goto(f"{base}/verslagen/beheer/registerregels/{RegisterRule.objects.get(register__code='nip').pk}/")
    assert_accessible(admin)
    admin.fill("input[name=min_meeting_minutes]", "90")
    admin.fill("input[name=source_min_meeting_minutes]", "NIP-specialisme: ≥ 1,5 uur per bijeenkomst")
    admin.locator("main form button[type=submit]").click()
    assert_accessible(admin)
    rule = RegisterRule.objects.get(register__code="nip")
    assert rule.min_meeting_minutes == 90 and "1,5 uur" in rule.sources["min_meeting_minutes"]

    anonymous = new_page()
    code = members[0].evidence.get().code
    anonymous.goto(f"{base}/verslagen/controle/?code={code}")
    assert "Ada" in anonymous.content()
    assert_accessible(anonymous)
