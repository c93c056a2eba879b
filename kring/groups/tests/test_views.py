"""Group pages through HTTP: bad input gets a clear message and loses nothing."""
from __future__ import annotations

import uuid

import pytest
from django.test import Client

from kring.accounts.models import Role, User
from kring.audit.models import AuditEntry
from kring.groups.models import IntervisionGroup, MemberRole
from kring.mail.models import OutboxMessage
from kring.organisations.models import Organisation, OrgRole
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

pytestmark = pytest.mark.django_db

CoordinatorClient = tuple[Client, Organisation, User]


@pytest.fixture
def coordinator_client() -> CoordinatorClient:
    org = make_org()
    coordinator = make_person("Carla Coordinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    return client, org, coordinator


def _group_data(**over: object) -> dict[str, object]:
    data = {"name": "Groep Één ✨", "theme": "", "description": "", "min_size": 4, "max_size": 8,
            "composition": "multi", "discipline": "", "min_experience_years": "1", "status": "forming"}
    data.update(over)
    return data


def test_coordinator_creates_a_group_for_their_organisation(coordinator_client: CoordinatorClient) -> None:
    client, org, _ = coordinator_client
    response = client.post("/groepen/nieuw/", {**_group_data(), "organisation": str(org.pk)})
    group = IntervisionGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/groepen/{group.pk}/"
    assert group.organisation == org and group.name == "Groep Één ✨"


def test_bad_sizes_and_missing_name_are_explained_in_dutch(coordinator_client: CoordinatorClient) -> None:
    client, org, _ = coordinator_client
    response = client.post("/groepen/nieuw/", {**_group_data(name="", min_size=9, max_size=4), "organisation": str(org.pk)})
    body = response.content.decode()
    assert response.status_code == 200 and IntervisionGroup.objects.count() == 0
    assert "De minimale grootte kan niet groter zijn dan de maximale grootte." in body
    assert "Dit veld is verplicht." in body
    response = client.post("/groepen/nieuw/", {**_group_data(min_size="vier"), "organisation": str(org.pk)})
    assert "Voer een geheel getal in." in response.content.decode()


def test_someone_elses_organisation_cannot_be_chosen(coordinator_client: CoordinatorClient) -> None:
    client, _, _ = coordinator_client
    other = make_org("Andere Organisatie")
    response = client.post("/groepen/nieuw/", {**_group_data(), "organisation": str(other.pk)})
    assert "Kies een van je organisaties." in response.content.decode()
    assert IntervisionGroup.objects.count() == 0


def test_a_refused_edit_keeps_what_was_saved(coordinator_client: CoordinatorClient) -> None:
    client, org, coordinator = coordinator_client
    group = make_group(coordinator, org, name="Bewaard")
    response = client.post(f"/groepen/{group.pk}/bewerken/", _group_data(name="Nieuw", min_size=8, max_size=2))
    assert response.status_code == 200
    group.refresh_from_db()
    assert (group.name, group.min_size, group.max_size) == ("Bewaard", 4, 8)


def test_adding_a_client_to_a_professionals_group_is_refused_with_a_message(coordinator_client: CoordinatorClient) -> None:
    client, org, coordinator = coordinator_client
    group = make_group(coordinator, org)
    person = make_person("Kim Cliënt", role=Role.CLIENT)
    join_org(person, org)
    response = client.post(f"/groepen/{group.pk}/leden/toevoegen/", {"person": str(person.pk), "role": "member"})
    assert response.status_code == 422
    assert "Deze groep is alleen voor professionals; Kim Cliënt neemt deel als cliënt." in response.content.decode()


def test_people_outside_the_organisation_cannot_be_picked(coordinator_client: CoordinatorClient) -> None:
    client, org, coordinator = coordinator_client
    group = make_group(coordinator, org)
    stranger = make_person("Stan Stranger")
    response = client.post(f"/groepen/{group.pk}/leden/toevoegen/", {"person": str(stranger.pk), "role": "member"})
    assert response.status_code == 422 and not group.memberships.exists()


def test_unknown_and_malformed_ids_are_404(coordinator_client: CoordinatorClient) -> None:
    client, _, _ = coordinator_client
    assert client.get(f"/groepen/{uuid.uuid4()}/").status_code == 404
    assert client.get("/groepen/12/").status_code == 404


def test_independent_facilitator_adds_by_email(coordinator_client: CoordinatorClient) -> None:
    _, _, _ = coordinator_client
    facilitator = make_person("Ida Independent")
    client = Client()
    client.force_login(facilitator)
    client.post("/groepen/nieuw/", _group_data(name="Eigen groep"))
    group = IntervisionGroup.objects.get(name="Eigen groep")
    assert group.organisation is None and group.memberships.get().person == facilitator
    make_person("Max Member", email="max@example.org")
    response = client.post(f"/groepen/{group.pk}/leden/toevoegen/", {"email": "MAX@example.org", "role": "member"})
    assert response.status_code == 302 and group.memberships.count() == 2
    response = client.post(f"/groepen/{group.pk}/leden/toevoegen/", {"email": "nobody@example.org", "role": "member"})
    assert "Er is niemand met dit e-mailadres in Kring." in response.content.decode()


def test_only_the_facilitator_turns_on_full_text_in_mail_and_every_member_is_told() -> None:
    org = make_org()
    facilitator, member, coordinator = make_person("Fien Facilitator"), make_person("Mo Member"), make_person("Co Ordinator")
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org)
    put_in_group(group, facilitator, MemberRole.FACILITATOR)
    put_in_group(group, member)
    url = f"/groepen/{group.pk}/e-mail/"
    for person in (member, coordinator):
        client = Client()
        client.force_login(person)
        assert client.post(url, {"full_text_in_mail": "on"}).status_code == 403
    group.refresh_from_db()
    assert group.full_text_in_mail is False  # off by default, and nobody else changed it
    client = Client()
    client.force_login(facilitator)
    edit = client.get(f"/groepen/{group.pk}/bewerken/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'name="full_text_in_mail"' in edit
    assert client.post(url, {"full_text_in_mail": "on"}).status_code == 302
    group.refresh_from_db()
    assert group.full_text_in_mail is True
    told = OutboxMessage.objects.filter(kind="kring.group.mail_policy")
    assert sorted(m.to_email for m in told) == sorted([facilitator.email, member.email])
    assert all("volledige tekst" in m.body_text for m in told)
    assert AuditEntry.objects.filter(name="kring.groups.mail_policy_changed", object_id=str(group.pk)).count() == 1
    client.post(url, {})  # unchecked: back to titles and a link
    group.refresh_from_db()
    assert group.full_text_in_mail is False and OutboxMessage.objects.filter(kind="kring.group.mail_policy").count() == 4
