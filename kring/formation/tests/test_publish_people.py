"""Publishing a proposal with imported applicants: those with an e-mail address get an
account and an invitation; those with neither account nor address are named, and only
left out (to the waiting list) when the coordinator says so."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts import actions as account_actions
from kring.accounts.models import Relation, RelationKind, User
from kring.audit.models import AuditEntry
from kring.core.errors import Refused
from kring.formation import actions as formation_actions
from kring.formation import csvimport, run_actions
from kring.formation.models import Application, ApplicationStatus, FacilitatorCapacity, Offer, RunStatus
from kring.groups.models import GroupMembership, IntervisionGroup, MemberRole
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation
from kring.site.testing import make_person, run_tasks

from .conftest import add_applicant, member_applicant, person_of
from .test_runs import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(offer: Offer, org: Organisation) -> list[Application]:
    return [member_applicant(offer, org, f"Deelnemer {i}", municipality=["Utrecht", "Zeist"][i % 2]) for i in range(6)]


def set_password_path(mail: OutboxMessage) -> str:
    link = re.search(r"https?://\S+/account/password/reset/key/\S+", mail.body_text)
    assert link, mail.body_text
    return "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]


# --- invite_person ----------------------------------------------------------------------

def test_invite_person_makes_an_account_without_password_and_queues_a_dutch_invitation(coordinator: User) -> None:
    person = account_actions.invite_person(coordinator, " Nieuw@Example.org ", "Nina Nieuw", role="client",
                                           discipline="", experience_years=2)
    person.refresh_from_db()
    assert person.email == "nieuw@example.org" and person.name == "Nina Nieuw" and person.role == "client"
    assert not person.has_usable_password()
    assert AuditEntry.objects.filter(name="kring.accounts.person_invited").count() == 1
    mail = OutboxMessage.objects.get(kind="kring.account.invitation")
    assert mail.recipient == person and mail.to_email == "nieuw@example.org"
    assert "uitgenodigd" in mail.subject.lower()
    assert "Carla Coördinator" in mail.body_text and "wachtwoord" in mail.body_text
    assert "/account/password/reset/key/" in mail.body_text


def test_the_invitation_link_sets_a_password_once(coordinator: User) -> None:
    account_actions.invite_person(coordinator, "nina@example.org", "Nina Nieuw")
    path = set_password_path(OutboxMessage.objects.get(kind="kring.account.invitation"))
    client = Client()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    post_to = form.redirect_chain[-1][0] if form.redirect_chain else path
    new = "een-lang-nieuw-wachtwoord-7"
    assert client.post(post_to, {"password1": new, "password2": new}).status_code == 302
    assert User.objects.get(email="nina@example.org").check_password(new)
    assert Client().post("/account/login/", {"login": "nina@example.org", "password": new}).status_code == 302
    # Used up: the same link does not work a second time.
    again = Client().get(path, follow=True)
    assert "password1" not in again.content.decode()


@pytest.mark.parametrize(("email", "name", "message"), [
    ("geen-adres", "Nina", "geen e-mailadres"),
    ("nina@example.org", "  ", "naam"),
    ("carla@example.org", "Carla", "al in Kring"),
])
def test_invite_person_refuses_bad_input(coordinator: User, email: str, name: str, message: str) -> None:
    with pytest.raises(Refused, match=message):
        account_actions.invite_person(coordinator, email, name)
    assert not OutboxMessage.objects.filter(kind="kring.account.invitation").exists()


# --- Publishing -------------------------------------------------------------------------

def test_publish_invites_imported_applicants_with_an_address(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    newcomer = add_applicant(offer, "Nieuwe Nel", email="nel@example.org", experience_years=2, discipline="vaktherapie")
    known = make_person("Bekende Bas", email="bas@example.org")
    by_address = add_applicant(offer, "Bas (import)", email="bas@example.org")
    run = make_run(offer, facilitators, [[*people[:2], newcomer, by_address], people[2:6]])
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "1 geplaatste persoon zit nog niet in Kring" in page and "krijgt een uitnodiging" in page

    run_actions.publish(coordinator, run)
    nel = User.objects.get(email="nel@example.org")
    assert nel.name == "Nieuwe Nel" and nel.discipline == "vaktherapie" and not nel.has_usable_password()
    newcomer.refresh_from_db()
    by_address.refresh_from_db()
    assert newcomer.person == nel and newcomer.status == ApplicationStatus.PLACED
    assert by_address.person == known  # someone already in Kring is linked, not invited again
    group = IntervisionGroup.objects.get(pk=run_actions.FormationRun.objects.get(pk=run.pk).published_groups[0])
    assert set(GroupMembership.objects.filter(group=group, role=MemberRole.MEMBER).values_list("person__email", flat=True)) == {
        person_of(people[0]).email, person_of(people[1]).email, "nel@example.org", "bas@example.org"}
    invitations = OutboxMessage.objects.filter(kind="kring.account.invitation")
    assert list(invitations.values_list("to_email", flat=True)) == ["nel@example.org"]
    assert OutboxMessage.objects.filter(kind="kring.group.welcome", recipient=nel).count() == 1


def test_an_address_that_also_applied_in_kring_is_refused(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application], org: Organisation
) -> None:
    imported = add_applicant(offer, "Dubbel (import)", email="dubbel@example.org")
    run = make_run(offer, facilitators, [[*people[:3], imported], people[3:6]])
    # After the import, the same person applied in Kring themselves.
    add_applicant(offer, "Dubbel Zelf", person=make_person("Dubbel Zelf", email="dubbel@example.org"))
    with pytest.raises(Refused, match=r"Dubbel \(import\) \(dubbel@example\.org\) heeft zich ook zelf"):
        run_actions.publish(coordinator, run)
    assert not IntervisionGroup.objects.exists()


def test_people_without_account_or_address_are_named_and_publishing_refuses(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    nobody = add_applicant(offer, "Anoniem Adresloos")
    run = make_run(offer, facilitators, [[*people[:3], nobody], people[3:6]])
    client.force_login(coordinator)
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "1 geplaatste persoon heeft geen Kring-account en geen e-mailadres" in page
    assert "Anoniem Adresloos" in page and 'name="without_unreachable"' in page

    response = client.post(reverse("formation:run_publish", args=[run.pk]), follow=True)
    text = response.content.decode()
    assert "kunnen niet aan een groep worden toegevoegd: Anoniem Adresloos" in text
    assert not IntervisionGroup.objects.exists() and not OutboxMessage.objects.filter(kind="kring.group.welcome").exists()
    assert Application.objects.get(pk=nobody.pk).status == ApplicationStatus.ACCEPTED


@pytest.mark.django_db(transaction=True)  # publishing is enqueued on commit and run by the worker
def test_publish_without_them_puts_them_on_the_waiting_list(
    client: Client, offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    nobody = add_applicant(offer, "Anoniem Adresloos")
    run = make_run(offer, facilitators, [[*people[:3], nobody], people[3:6]])
    client.force_login(coordinator)
    client.post(reverse("formation:run_publish", args=[run.pk]), {"without_unreachable": "1"})
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert nobody.solver_id not in run.groups[0]["members"]
    assert {"id": nobody.solver_id, "reason": run_actions.NO_ADDRESS, "message": ""} in run.unplaced
    nobody.refresh_from_db()
    assert nobody.status == ApplicationStatus.WAITING and nobody.group is None
    assert GroupMembership.objects.filter(role=MemberRole.MEMBER).count() == 6
    page = client.get(reverse("formation:run_detail", args=[run.pk])).content.decode()
    assert "Geen Kring-account en geen e-mailadres" in page


def test_without_them_a_group_may_not_drop_below_its_minimum(
    offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]
) -> None:
    nobody = add_applicant(offer, "Anoniem Adresloos")
    run = make_run(offer, facilitators, [[*people[:2], nobody], people[2:6]])
    with pytest.raises(Refused, match="Zonder hen zou groep 1 minder dan 3 deelnemers"):
        run_actions.publish(coordinator, run, without_unreachable=True)
    assert not IntervisionGroup.objects.exists() and not User.objects.filter(name="Anoniem Adresloos").exists()


def test_a_failed_publish_invites_nobody(offer: Offer, coordinator: User, facilitators: list[FacilitatorCapacity], people: list[Application]) -> None:
    newcomer = add_applicant(offer, "Nieuwe Nel", email="nel@example.org")
    run = make_run(offer, facilitators, [[*people[:3], newcomer], people[3:6]])
    Relation.objects.create(declared_by=person_of(people[3]), other=person_of(people[4]), kind=RelationKind.AUTHORITY)
    with pytest.raises(Refused):
        run_actions.publish(coordinator, run)
    assert not User.objects.filter(email="nel@example.org").exists()
    assert not OutboxMessage.objects.exists()


# --- The import keeps the address ------------------------------------------------------------

HEADER = ",".join(csvimport.COLUMNS)
ROWS = [
    "a1,Anna de Wit,professional,GZ-psycholoog,Noord,GGZ Oost,Utrecht,3,ma-ochtend",
    "a2,Bas Bakker,professional,,Zuid,,Zeist,2,ma-ochtend",
    "a3,Cor Zonder,professional,,West,,Houten,2,ma-ochtend",
]


@pytest.fixture
def with_emails(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The e-mail column as csvimport hands it over (an ``email`` on each parsed row),
    independent of how the file's optional column is read."""
    emails: dict[str, str] = {}
    real = csvimport.parse

    def parse(data: bytes, rules: csvimport.OfferRules) -> csvimport.ParseResult:
        result = real(data, rules)
        for row in result.rows:
            row.email = emails.get(row.id, "")
        return result

    monkeypatch.setattr(csvimport, "parse", parse)
    return emails


def import_rows(coordinator: User, offer: Offer, *rows: str) -> csvimport.ParseResult:
    return formation_actions.import_applicants(coordinator, offer, ("\n".join([HEADER, *rows]) + "\n").encode())


def test_import_keeps_the_address_and_links_people_in_kring(offer: Offer, coordinator: User, with_emails: dict[str, str]) -> None:
    known = make_person("Bas Bakker", email="bas@example.org")
    with_emails.update(a1="Anna@Example.org", a2="BAS@example.org")
    assert import_rows(coordinator, offer, *ROWS).ok
    rows = {a.external_id: a for a in Application.objects.filter(offer=offer)}
    assert rows["a1"].email == "anna@example.org" and rows["a1"].person is None
    assert rows["a2"].person == known
    assert rows["a3"].email == "" and rows["a3"].person is None


@pytest.mark.parametrize(("emails", "where", "words"), [
    ({"a1": "geen-adres"}, [(2, "email")], "geen e-mailadres"),
    ({"a1": "x@example.org", "a3": "X@example.org"}, [(4, "email")], "ook op regel 2"),
])
def test_bad_or_double_addresses_import_nothing(
    offer: Offer, coordinator: User, with_emails: dict[str, str], emails: dict[str, str], where: list[tuple[int, str]], words: str
) -> None:
    with_emails.update(emails)
    result = import_rows(coordinator, offer, *ROWS)
    assert [(e.line, e.column) for e in result.errors] == where
    assert words in result.errors[0].message
    assert not Application.objects.exists()


def test_an_address_already_in_the_offer_is_refused(offer: Offer, coordinator: User, org: Organisation, with_emails: dict[str, str]) -> None:
    web = member_applicant(offer, org, "Web Aanvrager")
    with_emails.update(a1=person_of(web).email, a2="eerder@example.org")
    add_applicant(offer, "Eerder", email="eerder@example.org")
    result = import_rows(coordinator, offer, *ROWS)
    assert [(e.line, e.column) for e in result.errors] == [(2, "email"), (3, "email")]
    assert all("al aangemeld" in e.message for e in result.errors)


def test_a_real_file_with_an_email_column(offer: Offer, coordinator: User) -> None:
    data = (b"id,name,role,discipline,team,organisation,municipality,experience_years,availability,email\n"
            b"a1,Anna de Wit,professional,,Noord,,Utrecht,3,ma-ochtend,anna@example.org\n")
    assert formation_actions.import_applicants(coordinator, offer, data).ok
    assert Application.objects.get().email == "anna@example.org"
