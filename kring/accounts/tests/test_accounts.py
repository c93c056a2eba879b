from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from kring.accounts.actions import update_profile
from kring.accounts.models import Register, Relation, User
from kring.core.errors import Refused
from kring.site.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_client() -> tuple[User, Client]:
    person = make_person("Petra Persoon")
    client = Client()
    client.force_login(person)
    return person, client


def test_profile_update_and_bad_input(person_client: tuple[User, Client]) -> None:
    person, client = person_client
    data = {"name": "Petra Pérez-Ünal", "language": "en", "role": "client", "discipline": "", "experience_years": "2.5"}
    assert client.post("/profiel/", data).status_code == 302
    person.refresh_from_db()
    assert (person.name, person.language, person.role, str(person.experience_years)) == ("Petra Pérez-Ünal", "en", "client", "2.5")
    response = client.post("/profiel/", {**data, "name": "", "experience_years": "veel"}, HTTP_ACCEPT_LANGUAGE="nl")
    person.refresh_from_db()
    assert person.name == "Petra Pérez-Ünal" and response.status_code == 200


@pytest.mark.parametrize("years", ["-1", "61", "999", "NaN", "Infinity"])
def test_profile_refuses_impossible_years_of_experience(person_client: tuple[User, Client], years: str) -> None:
    person, client = person_client
    data = {"name": "Petra", "language": "nl", "role": "professional", "discipline": "", "experience_years": "4"}
    assert client.post("/profiel/", data).status_code == 302
    response = client.post("/profiel/", {**data, "experience_years": years}, HTTP_ACCEPT_LANGUAGE="nl")
    person.refresh_from_db()
    assert response.status_code == 200 and person.experience_years == Decimal("4")
    assert "experience_years" in response.context["form"].errors


def test_the_profile_action_refuses_years_out_of_bounds_for_any_caller() -> None:
    person = make_person("Petra Persoon")
    for years in (Decimal("-0.5"), Decimal("60.5")):
        with pytest.raises(Refused, match="0"):
            update_profile(person, experience_years=years)
    assert update_profile(person, experience_years=Decimal("60")).experience_years == Decimal("60")


def test_registrations(person_client: tuple[User, Client]) -> None:
    person, client = person_client
    skj = Register.objects.create(code="skj-t", name="SKJ")
    client.post("/profiel/registraties/toevoegen/", {"register": str(skj.pk), "number": "  SKJ-12  "})
    assert person.registrations.get().number == "SKJ-12"
    client.post("/profiel/registraties/toevoegen/", {"register": str(skj.pk), "number": "twee"})
    assert person.registrations.count() == 1
    other = make_person("Olaf Other")
    theirs = other.registrations.create(register=skj, number="1")
    assert client.post(f"/profiel/registraties/{theirs.pk}/verwijderen/").status_code == 404


def test_relations_are_private_to_who_declared_them(person_client: tuple[User, Client]) -> None:
    person, client = person_client
    therapist = make_person("Theo Therapeut", email="theo@example.org")
    response = client.post("/profiel/relaties/", {"email": "THEO@example.org", "kind": "therapeutic"})
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.declared_by == person and relation.other == therapist
    # The other person sees nothing of it, and cannot withdraw it.
    theo = Client()
    theo.force_login(therapist)
    assert "Petra" not in theo.get("/profiel/relaties/").content.decode()
    assert theo.post(f"/profiel/relaties/{relation.pk}/intrekken/").status_code == 404
    # Twice, or with oneself: a clear message.
    response = client.post("/profiel/relaties/", {"email": "theo@example.org", "kind": "authority"})
    assert "Je hebt al een relatie met deze persoon opgegeven." in response.content.decode()
    response = client.post("/profiel/relaties/", {"email": person.email, "kind": "authority"})
    assert "Je kunt geen relatie met jezelf opgeven." in response.content.decode()
    assert client.post(f"/profiel/relaties/{relation.pk}/intrekken/").status_code == 302
    assert not Relation.objects.exists()
