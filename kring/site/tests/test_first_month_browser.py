"""Acceptance of issue 11: a facilitator's first month, and a member's phone, in a real
Chromium against a real ASGI server (HTTP and websockets).

The facilitator (also the coordinator of her small practice) offers intervision, takes the
applications, forms the group, polls for a date, gets the meeting planned, sees the cases
come in, leads the live meeting, writes the report, confirms the attendance; a member gets
her certificate. One member follows on a phone (375 px): the poll, her case, the live
meeting. Every page passes `assert_accessible`: axe, no sideways scrolling, no console error.

The server runs in its own process, so time cannot be moved for it: "the evening passes"
is done by moving the meeting's own times into the past once the live meeting has ended
(`_the_evening_passes`)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from kring.accounts.models import Register, Registration, User
from kring.cases.models import Case
from kring.formation.models import Application, ApplicationStatus, FormationRun, Offer, RunStatus
from kring.groups.models import GroupMembership, IntervisionGroup
from kring.live.models import LiveSession
from kring.live.tests.conftest import asgi_server  # noqa: F401 (the fixture)
from kring.mail.models import OutboxMessage
from kring.meetings.models import DatePoll, Meeting
from kring.methods.catalogue import load_catalogue
from kring.organisations.models import Organisation, OrgRole
from kring.reports.models import AttendanceSheet, Evidence, Report, ReportStatus
from kring.reports.tests.test_browser import reseed
from kring.site.browser import PHONE_WIDTH, assert_accessible, bring_case, login
from kring.site.testing import join_org, make_org, make_person, run_tasks

pytestmark = [pytest.mark.browser]

ROOM = "#live-room"
SLOT = "ma-avond"


@dataclass
class Month:
    base: str
    org: Organisation
    facilitator: User
    members: list[User]
    pages: dict[str, Any] = field(default_factory=dict)
    group: IntervisionGroup | None = None
    meeting: Meeting | None = None

    @property
    def phone_member(self) -> User:
        return self.members[0]


def _local_date(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _open(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert_accessible(page)


# --- the facilitator's month --------------------------------------------------------


def offer_intervision(month: Month) -> Offer:
    page = month.pages["facilitator"]
    _open(page, f"{month.base}/vorming/aanbod/nieuw/")
    page.fill("input[name=title]", "Intervisie najaar")
    page.fill("input[name=min_size]", "3")
    page.fill("input[name=max_size]", "4")
    page.fill("textarea[name=slots]", f"{SLOT} = maandagavond 19–21.30 uur")
    page.get_by_label("Open voor aanmeldingen").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Intervisie najaar")).to_be_visible()
    assert_accessible(page)
    offer = Offer.objects.get(title="Intervisie najaar")
    # Her own capacity: "2 à 3 groepen op jaarbasis", on Monday evenings.
    _open(page, f"{month.base}/vorming/organisatie/{month.org.pk}/begeleiders/")
    section = page.locator("section", has=page.get_by_role("heading", name=month.facilitator.name))
    section.get_by_label("Groepen per jaar").fill("3")
    section.get_by_label("Tijdsloten").fill(SLOT)
    section.get_by_role("button", name=f"Opslaan voor {month.facilitator.name}").click()
    expect(page.get_by_text(f"De capaciteit van {month.facilitator.name} is opgeslagen.")).to_be_visible()
    assert_accessible(page)
    return offer


def members_apply(month: Month, offer: Offer, new_page: Any) -> None:
    for n, person in enumerate(month.members):
        page = new_page(width=PHONE_WIDTH) if person == month.phone_member else new_page()
        login(page, month.base, person.email)
        month.pages[f"member{n}"] = page
        _open(page, f"{month.base}/vorming/aanbod/{offer.pk}/aanmelden/")
        page.get_by_label("Team").fill(f"Team {n}")
        page.get_by_label("Jaren ervaring").fill("3")
        page.get_by_label("maandagavond 19–21.30 uur").check()
        page.get_by_role("button", name="Aanmelding versturen").click()
        expect(page.get_by_text("Status: ingediend.")).to_be_visible()
        assert_accessible(page)


def take_the_applications(month: Month, offer: Offer) -> None:
    page = month.pages["facilitator"]
    _open(page, f"{month.base}/vorming/aanbod/{offer.pk}/aanmeldingen/")
    for person in month.members:
        page.get_by_role("button", name=f"Aannemen {person.name}").click()
        expect(page.get_by_text(f"{person.name}: aangenomen.")).to_be_visible()
    assert_accessible(page)
    assert Application.objects.filter(offer=offer, status=ApplicationStatus.ACCEPTED).count() == len(month.members)


def form_the_group(month: Month, offer: Offer) -> None:
    page = month.pages["facilitator"]
    page.on("dialog", lambda dialog: dialog.accept())
    _open(page, f"{month.base}/vorming/aanbod/{offer.pk}/")
    page.get_by_role("link", name="Groepen vormen").click()
    assert_accessible(page)
    page.get_by_label("Tijdslimiet in seconden").fill("2")
    page.get_by_role("button", name="Groepsvorming starten").click()
    expect(page.get_by_role("heading", name="Groepsvorming")).to_be_visible()
    run_tasks()  # the test's own worker: the solver runs here, the page polls for the result
    expect(page.get_by_role("heading", name="Voorstel")).to_be_visible()
    assert FormationRun.objects.get(offer=offer).status == RunStatus.DONE
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Publiceren")).click()
    run_tasks()
    expect(page.get_by_role("heading", name="Gepubliceerd")).to_be_visible()
    expect(page.get_by_text("Er is 1 groep gemaakt; iedereen heeft bericht gekregen.")).to_be_visible()
    assert_accessible(page)
    month.group = IntervisionGroup.objects.get()
    assert set(GroupMembership.objects.filter(group=month.group).values_list("person", flat=True)) == {
        p.pk for p in [month.facilitator, *month.members]}


def poll_for_a_date(month: Month) -> DatePoll:
    assert month.group is not None
    page = month.pages["facilitator"]
    _open(page, f"{month.base}/bijeenkomsten/groep/{month.group.pk}/")
    page.get_by_role("link", name="Nieuwe prikpeiling").click()
    assert_accessible(page)
    page.fill("input[name=deadline]", _local_date(5))
    page.fill("input[name=location]", "Praktijk De Linde, Utrecht")
    for i, days in enumerate((7, 14), start=1):
        page.fill(f"input[name=day_{i}]", _local_date(days))
        page.fill(f"input[name=start_{i}]", "19:00")
        page.fill(f"input[name=end_{i}]", "21:30")
    page.get_by_role("button", name="Prikpeiling openen").click()
    page.wait_for_url("**/prik/**")
    assert_accessible(page)
    return DatePoll.objects.get()


def plan_the_meeting(month: Month, poll: DatePoll) -> None:
    page = month.pages["facilitator"]
    page.reload()
    assert_accessible(page)
    page.get_by_role("button", name="Sluiten en bijeenkomst plannen").click()
    page.get_by_text("De prikpeiling is gesloten").wait_for()
    assert_accessible(page)
    month.meeting = Meeting.objects.get()
    assert month.meeting.starts_at == poll.options.order_by("starts_at").first().starts_at  # type: ignore[union-attr]


def the_cases_come_in(month: Month) -> None:
    assert month.meeting is not None
    page = month.pages["member1"]
    _submit_case(month, page, "Grens bij een collega")
    assert Case.objects.filter(meeting=month.meeting).count() == 2  # with the phone member's


def lead_the_live_meeting(month: Month) -> LiveSession:
    assert month.meeting is not None
    chair = month.pages["facilitator"]
    _open(chair, f"{month.base}/bijeenkomsten/{month.meeting.pk}/")
    chair.get_by_role("button", name="Live bijeenkomst voorbereiden").click()
    chair.wait_for_url("**/opzet/")
    assert_accessible(chair)
    session = LiveSession.objects.get(meeting=month.meeting)
    room = f"{month.base}/live/{session.pk}/"
    everyone = [chair, *(month.pages[f"member{n}"] for n in range(len(month.members)))]
    for page in everyone:
        _open(page, room)
        page.wait_for_selector(f"{ROOM}[data-connected=true]")
    chair.get_by_role("button", name="Bijeenkomst starten", exact=True).click()
    for page in everyone:
        _wait_title(page, "Openingsronde")
    for expected in ("Veiligheidsafspraken", "Terugblik", "Casuskeuze"):
        chair.get_by_role("button", name="Volgend onderdeel", exact=True).click()
        for page in everyone:
            _wait_title(page, expected)
    for page in everyone:
        assert_accessible(page)
    the_vote(month, everyone)
    chair.get_by_role("button", name="Volgend onderdeel", exact=True).click()
    for page in everyone:
        page.wait_for_function("() => document.getElementById('live-block-title').textContent.trim() !== 'Casuskeuze'")
        assert_accessible(page)
    chair.get_by_role("button", name="Bijeenkomst beëindigen", exact=True).click()
    for page in everyone:
        page.get_by_text("De bijeenkomst is afgelopen. Dank je wel!").wait_for()
        assert_accessible(page)
    return session


def the_vote(month: Month, everyone: list[Any]) -> None:
    """Two votes each way: the tie holds the meeting until the chair breaks it."""
    chair = month.pages["facilitator"]
    winner = Case.objects.get(meeting=month.meeting, author=month.phone_member)
    other = Case.objects.get(meeting=month.meeting, author=month.members[1])
    for n, case in ((1, winner), (2, winner), (0, other), (3, other)):
        page = month.pages[f"member{n}"]
        page.locator(".ballot li", has_text=case.title).get_by_role("button", name="Stemmen").click()
        page.wait_for_selector(".ballot li.mine")
    chair.get_by_role("button", name="Stemming sluiten", exact=True).click()
    for page in everyone[1:]:
        page.wait_for_selector(".live-vote:has-text('De stemmen staken: de voorzitter kiest.')")
    chair.locator("#vote-hold").wait_for()
    assert_accessible(chair)
    chair.get_by_role("button", name="Volgend onderdeel", exact=True).click()  # refused: the tie holds
    alert = chair.locator("#live-errors [role=alert]")
    alert.wait_for()
    assert "De stemmen staken" in alert.inner_text() and "Doorgaan zonder casus" in alert.inner_text()
    assert chair.locator("#live-block-title").inner_text() == "Casuskeuze"
    chair.locator(".ballot li", has_text=winner.title).get_by_role("button", name="Deze casus kiezen").click()
    for page in everyone:
        page.wait_for_selector(".chosen-case .bringer")
        assert page.locator(".chosen-case .bringer").inner_text() == month.phone_member.name


def _the_evening_passes(month: Month) -> None:
    """The meeting happened: its times move into the past (the server's clock cannot move)."""
    assert month.meeting is not None
    length = month.meeting.ends_at - month.meeting.starts_at
    start = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=month.meeting.pk).update(starts_at=start, ends_at=start + length)
    month.meeting.refresh_from_db()


def confirm_the_attendance(month: Month) -> None:
    assert month.meeting is not None
    page = month.pages["facilitator"]
    _open(page, f"{month.base}/verslagen/bijeenkomst/{month.meeting.pk}/aanwezigheid/")
    page.locator("form button[type=submit]").last.click()  # fill in from who was present
    assert_accessible(page)
    # The live meeting in this test lasted seconds: the facilitator gives the evening's times.
    local = timezone.localtime
    page.get_by_label("Werkelijk begin").fill(local(month.meeting.starts_at).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Werkelijk einde").fill(local(month.meeting.ends_at).strftime("%Y-%m-%dT%H:%M"))
    page.locator("button[name=confirm]").click()
    # Outside the times the meeting had in Kring (the live run): refused until a reason is given.
    page.get_by_label("Reden voor tijden buiten de tijden van de bijeenkomst").wait_for()
    assert not AttendanceSheet.objects.get(meeting=month.meeting).is_confirmed
    assert_accessible(page)
    page.get_by_label("Werkelijk begin").fill(local(month.meeting.starts_at).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Werkelijk einde").fill(local(month.meeting.ends_at).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Reden voor tijden buiten de tijden van de bijeenkomst").fill(
        "De live bijeenkomst in Kring was alleen het stemmen; de avond zelf liep zoals gepland.")
    page.locator("button[name=confirm]").click()
    assert_accessible(page)
    assert AttendanceSheet.objects.get(meeting=month.meeting).is_confirmed


def write_and_send_the_report(month: Month) -> None:
    """The draft is the facilitator's and the bringer's (her part) until sent: the bringer is
    asked by mail (no case text) and on her dashboard; another member reads nothing yet."""
    assert month.meeting is not None
    page = month.pages["facilitator"]
    url = f"{month.base}/verslagen/bijeenkomst/{month.meeting.pk}/verslag/"
    _open(page, url)
    page.locator("main form button[type=submit]").last.click()  # draft from the meeting record
    page.wait_for_url("**/bewerken/")
    assert_accessible(page)
    page.locator("textarea[name$=learning_points]").fill("Eerder mijn grens benoemen")
    page.locator("main form button[type=submit]").last.click()
    assert_accessible(page)
    run_tasks()
    asked = OutboxMessage.objects.get(kind="kring.reports.approval_request", recipient=month.phone_member)
    assert "grens" not in asked.body_text and "buiten de afspraken" not in asked.body_text  # no case text
    outsider = month.pages["member2"]
    assert outsider.goto(url).status == 403  # not hers to read before it is sent
    bringer = month.pages["member0"]
    _open(bringer, f"{month.base}/")
    bringer.locator("#reports-approval-title + ul a").click()
    bringer.locator("form[action*='goedkeuren'] button").click()
    assert_accessible(bringer)
    page.reload()
    page.locator("form[action$='versturen/'] button").click()
    assert_accessible(page)
    assert Report.objects.get(meeting=month.meeting).status == ReportStatus.SENT
    _open(outsider, url)  # once sent, the group reads it


def the_certificate(month: Month) -> None:
    page = month.pages["member1"]
    _open(page, f"{month.base}/verslagen/mijn/")
    page.select_option("select[name=registration]", str(Registration.objects.get(person=month.members[1]).pk))
    page.fill("input[name=start]", (timezone.localdate() - timedelta(days=30)).isoformat())
    # Rendering the PDF may take longer than a click's usual wait on a loaded machine.
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Bewijs van deelname maken (pdf)").click(timeout=60_000)
    download = download_info.value
    assert download.suggested_filename.startswith("deelnamebewijs-skj-")
    pdf = Evidence.objects.get(issued_to=month.members[1])
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pdf.pdf))).pages).split())
    assert month.members[1].name in text and month.facilitator.name in text


# --- the member's phone -----------------------------------------------------------------


def phone_answers_the_poll(month: Month, poll: DatePoll) -> None:
    page = month.pages["member0"]
    assert page.viewport_size["width"] == PHONE_WIDTH
    for n in range(len(month.members)):
        person_page = month.pages[f"member{n}"]
        _open(person_page, f"{month.base}/bijeenkomsten/prik/{poll.pk}/")
        for option in poll.options.order_by("starts_at"):
            answer = "yes" if option == poll.options.order_by("starts_at").first() else "no"
            person_page.locator(f"input[name='option_{option.pk}'][value='{answer}']").check()
        person_page.locator("form.poll-answer button[type=submit]").click()
        person_page.locator(".message.success").wait_for()
        assert_accessible(person_page)


def phone_brings_a_case(month: Month) -> None:
    _submit_case(month, month.pages["member0"], "Cliënt belt steeds buiten de afspraken")


def _submit_case(month: Month, page: Any, title: str) -> None:
    assert month.meeting is not None
    bring_case(page, f"{month.base}/bijeenkomsten/{month.meeting.pk}/", title, "Hoe kan ik mijn grens aangeven?")


def _wait_title(page: Any, text: str) -> None:
    page.wait_for_function("t => document.getElementById('live-block-title').textContent.trim() === t", arg=text)


# --- the walk ----------------------------------------------------------------------------


def test_a_facilitators_first_month_and_a_members_phone(asgi_server: str, new_page: Any) -> None:  # noqa: F811
    reseed()  # register rules: a transactional test starts from an empty database
    load_catalogue()  # the methods the live meeting follows
    org = make_org("Praktijk De Linde")
    facilitator = make_person("Fenna Begeleider", email="fenna@example.org")
    join_org(facilitator, org, OrgRole.COORDINATOR)
    join_org(facilitator, org, OrgRole.FACILITATOR)
    members = [make_person(name) for name in ("Mila Telefoon", "Bas Inbrenger", "Ria Deelnemer", "Ton Deelnemer")]
    for person in members:
        join_org(person, org)
    Registration.objects.create(person=members[1], register=Register.objects.get(code="skj"), number="SKJ-1")
    month = Month(asgi_server, org, facilitator, members)
    month.pages["facilitator"] = new_page()
    login(month.pages["facilitator"], asgi_server, facilitator.email)

    offer = offer_intervision(month)
    members_apply(month, offer, new_page)
    take_the_applications(month, offer)
    form_the_group(month, offer)
    poll = poll_for_a_date(month)
    phone_answers_the_poll(month, poll)
    plan_the_meeting(month, poll)
    phone_brings_a_case(month)
    the_cases_come_in(month)
    lead_the_live_meeting(month)
    _the_evening_passes(month)
    confirm_the_attendance(month)
    write_and_send_the_report(month)
    the_certificate(month)
