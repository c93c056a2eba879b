"""The coordinator's formation flow end to end in a real browser, with axe on each page."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import User
from kring.formation.models import FacilitatorCapacity, FormationRun, Offer, RunStatus
from kring.groups.models import GroupMembership, IntervisionGroup
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.browser import assert_accessible, login
from kring.site.testing import run_tasks

from .conftest import member_applicant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_forms_adjusts_and_publishes_groups(
    new_page: Any, live_server: Any, offer: Offer, org: Organisation, coordinator: User, facilitators: list[FacilitatorCapacity]
) -> None:
    towns = ["Utrecht", "Zeist", "Houten"]
    people = {a.solver_id: a for a in (member_applicant(offer, org, f"Deelnemer {i}", municipality=towns[i % 3]) for i in range(7))}
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live_server.url, coordinator.email)

    page.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/")
    expect(page.get_by_role("heading", name="Intervisie voorjaar")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Groepen vormen").click()
    expect(page.get_by_role("heading", name="Groepen vormen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tijdslimiet in seconden").fill("1")
    page.get_by_role("button", name="Groepsvorming starten").click()
    expect(page.get_by_role("heading", name="Groepsvorming")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page)

    run_tasks()  # the live server has no worker; the polling page picks up the result
    expect(page.get_by_role("heading", name="Voorstel")).to_be_visible()
    run = FormationRun.objects.get()
    assert run.status == RunStatus.DONE
    expect(page.get_by_text("Best mogelijke (bewezen grens)", exact=True)).to_be_visible()
    expect(page.get_by_text("Afstand tot de grens", exact=True)).to_be_visible()
    assert_accessible(page)

    sizes = [len(g["members"]) for g in run.groups]
    assert sorted(sizes) == [3, 4]
    small, large = sizes.index(3), sizes.index(4)
    # From the group of three into the group of four: both groups would break their size.
    mover = run.groups[small]["members"][0]
    page.select_option(f"#move-{mover}", str(large))
    page.locator(f"form:has(#move-{mover}) button").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Deze verplaatsing kan niet")
    expect(alert).to_contain_text("hoogstens 4 deelnemers")
    assert_accessible(page)
    # From the group of four into the group of three: allowed, and the proposal updates.
    mover = run.groups[large]["members"][0]
    page.select_option(f"#move-{mover}", str(small))
    page.locator(f"form:has(#move-{mover}) button").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator(f"section[aria-labelledby=group-{small + 1}] table")).to_contain_text(people[mover].name)
    run.refresh_from_db()
    assert mover in run.groups[small]["members"]

    page.get_by_role("button", name=re.compile("Publiceren")).click()
    expect(page.get_by_text("Publiceren… 0 van 2 groepen")).to_be_visible()
    assert_accessible(page)
    run_tasks()  # the worker creates the groups; the polling page shows the result
    expect(page.get_by_role("heading", name="Gepubliceerd")).to_be_visible()
    expect(page.get_by_text("Er zijn 2 groepen gemaakt; iedereen heeft bericht gekregen.")).to_be_visible()
    assert_accessible(page)
    assert IntervisionGroup.objects.count() == 2
    assert GroupMembership.objects.filter(role="member").count() == 7
    assert OutboxMessage.objects.filter(kind="kring.group.welcome").count() == 7 + 2
    page.get_by_role("link", name="Intervisie voorjaar – groep 1").click()
    expect(page.get_by_role("heading", name="Intervisie voorjaar – groep 1")).to_be_visible()


def test_applicant_applies_and_coordinator_accepts_and_imports(
    new_page: Any, live_server: Any, offer: Offer, org: Organisation, coordinator: User, tmp_path: Path
) -> None:
    from kring.site.testing import join_org, make_person

    person = make_person("Ilse Aanvrager", email="ilse@example.org")
    join_org(person, org)
    page = new_page()
    login(page, live_server.url, person.email)
    page.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/")
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Jaren ervaring").fill("0.5")
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("minstens 1")
    expect(page.get_by_role("alert")).to_contain_text("tijdslot")
    assert_accessible(page)
    page.get_by_label("Jaren ervaring").fill("4")
    page.get_by_label("maandagochtend").check()
    page.get_by_label("Ik wil eerst graag een intakegesprek").check()
    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_text("Status: ingediend.")).to_be_visible()
    assert_accessible(page)

    boss = new_page()
    login(boss, live_server.url, coordinator.email)
    boss.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/aanmeldingen/")
    expect(boss.get_by_text("intakegesprek gevraagd")).to_be_visible()
    assert_accessible(boss)
    boss.get_by_role("button", name="Aannemen Ilse Aanvrager").click()
    expect(boss.get_by_role("cell", name="aangenomen")).to_be_visible()

    boss.goto(f"{live_server.url}/vorming/aanbod/{offer.pk}/importeren/")
    bad = tmp_path / "aanmelders.csv"
    bad.write_text("id,name,role,discipline,team,organisation,municipality,experience_years,availability\n"
                   "a1,Anna,therapeut,,,,,drie,ma-ochtend\n", encoding="utf-8")
    boss.get_by_label("CSV-bestand").set_input_files(str(bad))
    boss.get_by_role("button", name="Importeren").click()
    expect(boss.get_by_role("alert")).to_contain_text("Onbekende rol")
    expect(boss.get_by_role("alert")).to_contain_text("geen aantal jaren")
    assert_accessible(boss)
