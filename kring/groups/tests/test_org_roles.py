"""Organisations and roles through HTTP: invitations by e-mail (hashed, single use,
expiring, the same answer for a known and an unknown address), accepting with or without
an account, changing and removing roles (never the last coordinator), leaving."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from kring.accounts.models import User
from kring.audit.models import AuditEntry
from kring.organisations.models import Organisation, OrgInvitation, OrgMembership, OrgRole
from kring.site.testing import PASSWORD, SmtpServer, join_org, mailed_path, make_org, make_person, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator() -> tuple[Client, Organisation, User]:
    org = make_org("Zorg Oost")
    person = make_person("Cor Coördinator")
    join_org(person, org, OrgRole.COORDINATOR)
    client = Client()
    client.force_login(person)
    return client, org, person


def _invite(client: Client, org: Organisation, email: str, role: str = OrgRole.FACILITATOR) -> str:
    response = client.post(f"/organisaties/{org.pk}/uitnodigen/", {"email": email, "role": role}, follow=True)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _link(smtp: SmtpServer, address: str) -> str:
    return mailed_path(smtp, address, "/organisaties/uitnodiging/")


def test_an_unknown_address_accepts_by_the_mailed_link_and_gets_a_verified_account(
        smtp_server: SmtpServer, coordinator: tuple[Client, Organisation, User]) -> None:
    client, org, _ = coordinator
    _invite(client, org, "Fenna@Example.org")
    link = _link(smtp_server, "fenna@example.org")
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = OrgInvitation.objects.get()
    # Only a hash of the token is stored.
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64

    visitor = Client()
    form = visitor.get(link)
    assert form.status_code == 200 and "fenna@example.org" in form.content.decode()
    short = visitor.post(link, {"name": "Fenna Faciliteert", "password1": "kort", "password2": "kort"})
    assert short.status_code == 422 and "Dit wachtwoord is te kort: gebruik minstens 10 tekens." in short.content.decode()
    assert not User.objects.filter(email="fenna@example.org").exists()

    done = visitor.post(link, {"name": "Fenna Faciliteert", "password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == f"/organisaties/{org.pk}/"
    fenna = User.objects.get(email="fenna@example.org")
    assert EmailAddress.objects.get(user=fenna).verified
    assert OrgMembership.objects.filter(organisation=org, person=fenna, role=OrgRole.FACILITATOR).exists()
    assert visitor.get(done["Location"]).status_code == 200  # signed in, and inside the organisation
    # Single use: the same link again is no longer valid, for anyone.
    again = Client().get(link)
    assert again.status_code == 404 and "niet meer geldig" in again.content.decode()


def test_the_inviter_gets_the_same_answer_for_a_known_and_an_unknown_address(
        smtp_server: SmtpServer, coordinator: tuple[Client, Organisation, User]) -> None:
    client, org, _ = coordinator
    make_person("Bekende Persoon", email="bekend@example.org")
    known = _invite(client, org, "bekend@example.org")
    unknown = _invite(client, org, "onbekend@example.org")

    def answer(page: str, email: str) -> str:
        found = re.search(r'<div class="messages".*?</div>', page)
        assert found, page
        return found.group(0).replace(email, "ADRES")

    assert answer(known, "bekend@example.org") == answer(unknown, "onbekend@example.org")
    assert "Er is een uitnodiging gestuurd naar ADRES." in answer(known, "bekend@example.org")
    # Both wait as invitations alike: the list of people does not show the known one yet.
    assert "bekend@example.org · begeleider" in unknown and "onbekend@example.org · begeleider" in unknown
    assert "Bekende Persoon" not in unknown
    run_tasks()
    assert len(smtp_server.to("bekend@example.org")) == 1 and len(smtp_server.to("onbekend@example.org")) == 1


def test_an_existing_account_logs_in_and_accepts(smtp_server: SmtpServer,
                                                 coordinator: tuple[Client, Organisation, User]) -> None:
    client, org, _ = coordinator
    mees = make_person("Mees Member", email="mees@example.org")
    _invite(client, org, "mees@example.org", OrgRole.MEMBER)
    link = _link(smtp_server, "mees@example.org")
    anonymous = Client().get(link)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/account/login/")

    other = Client()
    other.force_login(make_person("Iemand Anders"))
    assert "naar een ander e-mailadres" in other.get(link).content.decode()
    other.post(link)
    assert not OrgMembership.objects.filter(organisation=org, person=mees).exists()

    own = Client()
    own.force_login(mees)
    accepted = own.post(link)
    assert accepted.status_code == 302
    assert OrgMembership.objects.filter(organisation=org, person=mees, role=OrgRole.MEMBER).exists()


def test_an_expired_invitation_is_refused(smtp_server: SmtpServer,
                                          coordinator: tuple[Client, Organisation, User]) -> None:
    client, org, _ = coordinator
    _invite(client, org, "laat@example.org")
    link = _link(smtp_server, "laat@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = Client().post(link, {"name": "Te Laat", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(email="laat@example.org").exists()


def test_bad_invitations_get_a_dutch_message_and_nothing_is_sent(
        coordinator: tuple[Client, Organisation, User]) -> None:
    client, org, _ = coordinator
    response = client.post(f"/organisaties/{org.pk}/uitnodigen/", {"email": "geen-adres", "role": "baas"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Voer een geldig e-mailadres in." in page and "Selecteer een geldige keuze" in page
    assert not OrgInvitation.objects.exists()


def test_roles_change_and_go_but_the_last_coordinator_stays(coordinator: tuple[Client, Organisation, User]) -> None:
    client, org, cor = coordinator
    lid = make_person("Lid Eén")
    membership = join_org(lid, org)
    own = OrgMembership.objects.get(person=cor)
    client.post(f"/organisaties/{org.pk}/rollen/{membership.pk}/", {"role": OrgRole.COORDINATOR})
    membership.refresh_from_db()
    assert membership.role == OrgRole.COORDINATOR
    # Two coordinators: one may step down.
    client.post(f"/organisaties/{org.pk}/rollen/{own.pk}/", {"role": OrgRole.FACILITATOR})
    own.refresh_from_db()
    assert own.role == OrgRole.FACILITATOR
    # Lid is now the last coordinator: neither removing nor demoting nor leaving.
    lid_client = Client()
    lid_client.force_login(lid)
    removed = lid_client.post(f"/organisaties/{org.pk}/rollen/{membership.pk}/verwijderen/", follow=True)
    assert "Zorg Oost heeft een coördinator nodig: stel eerst een andere aan." in removed.content.decode()
    lid_client.post(f"/organisaties/{org.pk}/rollen/{membership.pk}/", {"role": OrgRole.MEMBER})
    left = lid_client.post(f"/organisaties/rollen/{membership.pk}/verlaten/", follow=True)
    assert "heeft een coördinator nodig" in left.content.decode()
    membership.refresh_from_db()
    assert membership.role == OrgRole.COORDINATOR
    # The coordinator removes the former coordinator's facilitator role.
    lid_client.post(f"/organisaties/{org.pk}/rollen/{own.pk}/verwijderen/")
    assert not OrgMembership.objects.filter(pk=own.pk).exists()
    assert AuditEntry.objects.filter(name="kring.organisations.role_removed").count() == 1


def test_a_person_sees_and_leaves_their_roles() -> None:
    org = make_org("Kenniscentrum West")
    person = make_person("Vera Vertrekt")
    join_org(make_person("Blijft Coördinator"), org, OrgRole.COORDINATOR)
    role = join_org(person, org, OrgRole.FACILITATOR)
    client = Client()
    client.force_login(person)
    page = client.get("/organisaties/").content.decode()
    assert "Kenniscentrum West verlaten als begeleider" in page
    left = client.post(f"/organisaties/rollen/{role.pk}/verlaten/", follow=True)
    assert "Je hebt Kenniscentrum West verlaten als begeleider." in left.content.decode()
    assert not OrgMembership.objects.filter(person=person).exists()
    assert client.get(f"/organisaties/{org.pk}/").status_code == 404


def test_staff_create_organisations_of_each_kind_and_names_stay_unique() -> None:
    admin = make_person("Beheer Der", staff=True)
    client = Client()
    client.force_login(admin)
    for n, kind in enumerate(("training_institute", "care_provider", "knowledge_centre", "independent_practice")):
        response = client.post("/beheer/organisaties/", {"name": f"Organisatie {n}", "kind": kind, "city": "Zwolle"})
        assert response.status_code == 302
    assert sorted(Organisation.objects.values_list("kind", flat=True)) == sorted(
        ["training_institute", "care_provider", "knowledge_centre", "independent_practice"])
    twice = client.post("/beheer/organisaties/", {"name": "organisatie 0", "kind": "care_provider"})
    assert twice.status_code == 422 and "Er is al een organisatie met de naam organisatie 0." in twice.content.decode()
    assert Organisation.objects.count() == 4
