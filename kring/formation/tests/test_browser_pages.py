"""Every formation page a person can reach, in a real browser, checked with axe; and the
move control used with the keyboard only."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import User
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.groups.models import IntervisionGroup
from kring.organisations.models import Organisation
from kring.site.browser import assert_accessible, login
from kring.site.testing import join_org, make_person, run_tasks

from .conftest import add_applicant, member_applicant
from .test_runs import make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicant_pages_apply_and_withdraw(new_page: Any, live_server: Any, offer: Offer, org: Organisation) -> None:
    person = make_person("Ilse Aanvrager", email="ilse@example.org")
    join_org(person, org)
    page = new_page()
    login(page, live_server.url, person.email)
    page.goto(f"{live_server.url}/overzicht/")
    expect(page.get_by_role("link", name="Intervisie voorjaar")).to_be_visible()  # the dashboard panel
    assert_accessible(page)
    page.goto(f"{live_server.url}/organisaties/{org.pk}/")
    expect(page.get_by_role("heading", name="Groepsaanbod")).to_be_visible()  # the organisation panel
    assert_accessible(page)
    page.goto(f"{live_server.url}/vorming/")
    expect(page.get_by_role("heading", name="Groepsaanbod", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Intervisie voorjaar").click()
    expect(page.get_by_text("maandagochtend, donderdagmiddag")).to_be_visible()
    expect(page.get_by_text("Minstens 1,0 jaar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Aanmelden", exact=True).click()
    page.get_by_label("Jaren ervaring").fill("0.5")
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Jaren ervaring").fill("4")
    page.get_by_label("donderdagmiddag").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_text("Status: ingediend.")).to_be_visible()
    assert_accessible(page)

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mijn aanmelding intrekken").click()
    expect(page.get_by_text("Status: ingetrokken.")).to_be_visible()
    expect(page.get_by_role("link", name="Opnieuw aanmelden")).to_be_visible()
    assert_accessible(page)
    assert Application.objects.get(person=person).status == ApplicationStatus.WITHDRAWN


def test_coordinator_offer_application_capacity_and_import_pages(
    new_page: Any, live_server: Any, offer: Offer, org: Organisation, coordinator: User, facilitators: list[FacilitatorCapacity], tmp_path: Path
) -> None:
    for i in range(3):
        add_applicant(offer, f"Aanvrager {i}", status=ApplicationStatus.SUBMITTED, experience_years=Decimal("2.5"))
    page = new_page()
    login(page, live_server.url, coordinator.email)

    page.goto(f"{live_server.url}/vorming/aanbod/nieuw/")
    expect(page.get_by_role("heading", name="Nieuw aanbod")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Avondgroepen")
    page.get_by_label("Tijdsloten").fill("di-laat = dinsdag 19–21 uur\nMaandag!")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".has-error")).to_have_count(1)
    assert_accessible(page)
    page.get_by_label("Tijdsloten").fill("di-laat = dinsdag 19–21 uur\nthu-eve")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Avondgroepen")).to_be_visible()
    expect(page.get_by_text("dinsdag 19–21 uur, donderdagavond")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Aanbod bewerken").click()
    expect(page.get_by_label("Tijdsloten")).to_have_value("di-laat = dinsdag 19–21 uur\nthu-eve")
    assert_accessible(page)

    page.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/aanmeldingen/")
    expect(page.get_by_role("cell", name="2,5").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Wachtlijst\W+Aanvrager 1$")).click()
    expect(page.get_by_role("status")).to_contain_text("Aanvrager 1")
    assert_accessible(page)

    page.goto(f"{live_server.url}/vorming/organisatie/{org.pk}/begeleiders/")
    expect(page.get_by_role("heading", name="Anne Begeleider")).to_be_visible()
    assert_accessible(page)
    page.locator(f"#free-{facilitators[0].person.pk}").fill("99")
    page.get_by_role("button", name="Opslaan voor Anne Begeleider").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/importeren/")
    assert_accessible(page)
    bad = tmp_path / "aanmelders.csv"
    bad.write_text("id,name,role,discipline,team,organisation,municipality,experience_years,availability\n"
                   "a1,Anna,therapeut,,,,,drie,ma-ochtend\n", encoding="utf-8")
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("alert")).to_contain_text("Onbekende rol")
    assert_accessible(page)


def test_run_pages_in_every_state(
    new_page: Any, live_server: Any, offer: Offer, org: Organisation, coordinator: User, facilitators: list[FacilitatorCapacity]
) -> None:
    people = [member_applicant(offer, org, f"Deelnemer {i}") for i in range(6)]
    nobody = add_applicant(offer, "Anoniem Adresloos")
    newcomer = add_applicant(offer, "Nieuwe Nel", email="nel@example.org")
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, coordinator.email)

    page.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/groepsvorming/")
    page.get_by_label("Aantal groepen").fill("9")
    page.get_by_role("button", name="Groepsvorming starten").click()
    expect(page.get_by_role("alert")).to_contain_text("kies van 1 tot 2 groepen")
    assert_accessible(page)

    queued = FormationRun.objects.create(offer=offer, status=RunStatus.QUEUED, application_ids=[str(p.pk) for p in people],
                                         capacity_ids=[str(c.pk) for c in facilitators], seconds=5)
    page.goto(f"{live_server.url}/vorming/runs/{queued.pk}/")
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page)
    failed = FormationRun.objects.create(offer=offer, status=RunStatus.FAILED, error="violations",
                                         application_ids=[str(p.pk) for p in people], capacity_ids=[str(c.pk) for c in facilitators])
    page.goto(f"{live_server.url}/vorming/runs/{failed.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("harde regels")
    assert_accessible(page)

    run = make_run(offer, facilitators, [[*people[:3], nobody], [*people[3:6], newcomer]])
    page.goto(f"{live_server.url}/vorming/runs/{run.pk}/")
    expect(page.locator("#unreachable")).to_contain_text("Anoniem Adresloos")
    expect(page.get_by_text("krijgt een uitnodiging")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Publiceren")).click()
    expect(page.get_by_role("status")).to_contain_text("Anoniem Adresloos")
    assert_accessible(page)
    page.get_by_label("Publiceren zonder de mensen die niet kunnen worden toegevoegd").check()
    page.get_by_role("button", name=re.compile("Publiceren")).click()
    expect(page.get_by_text("Publiceren… 0 van 2 groepen")).to_be_visible()
    assert_accessible(page)
    run_tasks()  # the live server has no worker; the polling page picks up the result
    expect(page.get_by_role("heading", name="Gepubliceerd")).to_be_visible()
    assert_accessible(page)
    assert IntervisionGroup.objects.count() == 2
    nobody.refresh_from_db()
    assert nobody.status == ApplicationStatus.WAITING


def test_the_move_control_works_with_the_keyboard(
    new_page: Any, live_server: Any, offer: Offer, org: Organisation, coordinator: User, facilitators: list[FacilitatorCapacity]
) -> None:
    people = [member_applicant(offer, org, f"Deelnemer {i}") for i in range(7)]
    run = make_run(offer, facilitators, [people[:4], people[4:7]])
    page = new_page()
    login(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/vorming/runs/{run.pk}/")
    expect(page.get_by_role("heading", name="Voorstel")).to_be_visible()

    # Into the full group: refused, and the focus lands on the reason.
    control = page.get_by_label("Deelnemer 4 verplaatsen naar")
    control.focus()
    expect(control).to_have_value("0")  # the first choice: group 1
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Verplaats Deelnemer 4")).to_be_focused()
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("hoogstens 4 deelnemers")
    expect(alert).to_be_focused()
    assert_accessible(page)

    # Out of the group of four into "not placed" with arrow keys: done, and said where.
    control = page.get_by_label("Deelnemer 0 verplaatsen naar")
    control.focus()
    page.keyboard.press("ArrowDown")
    expect(control).to_have_value("unplaced")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    status = page.locator("#proposal [role=status]")
    expect(status).to_contain_text("Deelnemer 0 staat nu bij wie niet is geplaatst.")
    expect(status).to_be_focused()
    assert_accessible(page)
    run.refresh_from_db()
    assert people[0].solver_id not in run.groups[0]["members"]


def test_a_proposal_with_many_groups_asks_for_a_group_number(
    new_page: Any, live_server: Any, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity]
) -> None:
    groups = [[add_applicant(offer, f"G{g:02d} lid {i}", team=f"t{g}-{i}") for i in range(4 if g == 0 else 3)] for g in range(31)]
    run = make_run(offer, facilitators, groups)
    page = new_page()
    login(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/vorming/runs/{run.pk}/")
    expect(page.get_by_role("heading", name="Groep 31", exact=True)).to_be_visible()
    assert_accessible(page)
    number = page.get_by_label("Groepsnummer voor G00 lid 0")
    number.focus()
    page.keyboard.type("31")
    page.keyboard.press("Enter")  # submits the small form
    status = page.locator("#proposal [role=status]")
    expect(status).to_contain_text("G00 lid 0 zit nu in groep 31.")
    expect(status).to_be_focused()
    assert_accessible(page)
    assert FormationRun.objects.get(pk=run.pk).groups[30]["members"][-1] == groups[0][0].solver_id
