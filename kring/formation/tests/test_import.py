from __future__ import annotations

from decimal import Decimal

import pytest

from kring.accounts.models import User
from kring.formation import actions, csvimport
from kring.formation.csvimport import COLUMNS
from kring.formation.models import Application, ApplicationStatus, Offer
from kring.site.testing import make_person

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


ROW = "a1,Anna de Wit,professional,GZ-psycholoog,Noord,GGZ Oost,Utrecht,3,ma-ochtend;do-middag"


def errors(result: csvimport.ParseResult) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in result.errors]


def test_a_good_file_is_imported(offer: Offer, coordinator: User) -> None:
    result = actions.import_applicants(coordinator, offer, csv(ROW, "a2,Bas Bakker,professional,,Zuid,,Zeist,\"2,5\",ma-ochtend"))
    assert result.ok
    rows = {a.external_id: a for a in Application.objects.filter(offer=offer)}
    assert rows["a1"].availability == ["ma-ochtend", "do-middag"] and rows["a1"].status == ApplicationStatus.ACCEPTED
    assert rows["a2"].experience_years == Decimal("2.5")


def test_bom_and_crlf_are_fine(offer: Offer, coordinator: User) -> None:
    data = "\ufeff".encode() + csv(ROW).replace(b"\n", b"\r\n")
    assert actions.import_applicants(coordinator, offer, data).ok
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("data", "where", "words"), [
    (b"", [(1, "")], "leeg"),
    (b"   \n", [(1, "")], "leeg"),
    (csv(ROW, header="id,naam,role"), [(1, ""), (1, ""), (1, "")], "ontbreken"),
    (csv(), [(2, "")], "geen aanmelders"),
    (csv("a1,Anna,professional,,,,,drie,ma-ochtend"), [(2, "experience_years")], "geen aantal jaren"),
    (csv("a1,Anna,therapeut,,,,,3,ma-ochtend"), [(2, "role")], "Onbekende rol"),
    (csv(ROW, ROW.replace("Anna", "Anne")), [(3, "id")], "ook op regel 2"),
    (csv("a1,Anna,professional,,,,,3,zo-nacht"), [(2, "availability")], "Onbekend tijdslot"),
    (csv("a1,Anna,professional,,,,,0.5,ma-ochtend"), [(2, "experience_years")], "minstens 1"),
    (csv("a1,Anna,client,,,,,3,ma-ochtend"), [(2, "role")], "alleen voor professionals"),
    (csv("a1,Anna,professional,,,,,3"), [(2, "")], "9 velden"),
    (csv(",,professional,,,,,3,ma-ochtend"), [(2, "id"), (2, "name")], "leeg"),
    ("id,name\n".encode("utf-16"), [(0, "")], "UTF-8"),
])
def test_bad_files_import_nothing_and_say_where(offer: Offer, coordinator: User, data: bytes, where: list[tuple[int, str]], words: str) -> None:
    result = actions.import_applicants(coordinator, offer, data)
    assert errors(result) == where
    assert words.lower() in " ".join(e.message for e in result.errors).lower()
    assert not Application.objects.exists()


def test_one_bad_row_among_good_ones_imports_nothing(offer: Offer, coordinator: User) -> None:
    rows = [ROW.replace("a1", f"a{i}") for i in range(1, 50)] + ["x,Xander,professional,,,,,-2,ma-ochtend"]
    result = actions.import_applicants(coordinator, offer, csv(*rows))
    assert errors(result) == [(51, "experience_years")]
    assert not Application.objects.exists()


def test_an_id_imported_before_is_a_duplicate(offer: Offer, coordinator: User) -> None:
    assert actions.import_applicants(coordinator, offer, csv(ROW)).ok
    result = actions.import_applicants(coordinator, offer, csv(ROW))
    assert errors(result) == [(2, "id")] and "al geïmporteerd" in result.errors[0].message
    assert Application.objects.count() == 1


def test_an_email_id_links_the_person(offer: Offer, coordinator: User) -> None:
    person = make_person("Eva Email")
    assert actions.import_applicants(coordinator, offer, csv(ROW.replace("a1", person.email.upper()))).ok
    assert Application.objects.get().person == person


def test_only_coordinators_import(offer: Offer) -> None:
    from kring.core.errors import Refused

    with pytest.raises(Refused):
        actions.import_applicants(make_person("Niet Coördinator"), offer, csv(ROW))


def test_five_thousand_rows(offer: Offer, coordinator: User) -> None:
    rows = [f"p{i},Persoon {i},professional,disc{i % 7},team{i % 40},org{i % 5},gemeente{i % 12},{i % 20 + 1},ma-ochtend"
            for i in range(5000)]
    assert actions.import_applicants(coordinator, offer, csv(*rows)).ok
    assert Application.objects.filter(offer=offer).count() == 5000
    # The same file again: every row is reported (up to the cap) and nothing is added.
    again = actions.import_applicants(coordinator, offer, csv(*rows))
    assert again.truncated and len(again.errors) == 200
    assert Application.objects.filter(offer=offer).count() == 5000
