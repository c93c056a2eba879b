"""The access log made visible: a person sees who read their data; an organisation's
privacy officer sees and exports the reads in its groups, and nobody else does."""
from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.actions import log_access, pseudonymise_actor
from kring.audit.models import AccessEntry
from kring.cases import events as cases_events
from kring.cases.models import Case
from kring.groups import roles
from kring.groups.models import MemberRole
from kring.meetings.models import Meeting
from kring.organisations.models import OrgRole
from kring.site.events import ACCESS_LOG_EXPORTED, ACCESS_LOG_READ
from kring.site.testing import join_org, make_group, make_org, make_person, put_in_group

pytestmark = pytest.mark.django_db


def signed_in(person: User) -> Client:
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(person)
    return client


def _case(group_name: str, org_name: str) -> tuple[Case, User, User]:
    coordinator = make_person(f"Coördinator {org_name}")
    org = make_org(org_name)
    join_org(coordinator, org, OrgRole.COORDINATOR)
    group = make_group(coordinator, org, group_name)
    author, reader = make_person(f"Auteur {group_name}"), make_person(f"Lezer {group_name}")
    put_in_group(group, author)
    put_in_group(group, reader, MemberRole.FACILITATOR)
    meeting = Meeting.objects.create(group=group, starts_at="2025-03-12T19:00+01:00", ends_at="2025-03-12T21:00+01:00")
    case = Case.objects.create(meeting=meeting, author=author, title="Grenzen", situation="…", question="Hoe?")
    return case, author, reader


def test_a_person_sees_who_read_their_data_and_when() -> None:
    case, author, reader = _case("Groep Oost", "Zorg Oost")
    log_access(cases_events.CASE_READ, reader, case, subject=author)
    log_access(cases_events.CASE_READ, author, case, subject=author)  # their own read: not listed
    page = signed_in(author).get(reverse("access_log:mine")).content.decode()
    assert page.count("Lezer Groep Oost") == 1 and "Groep Oost" in page
    assert page.count('<li class="card">') == 1
    # The reader sees nothing of the author's data here.
    assert "Lezer Groep Oost" not in signed_in(reader).get(reverse("access_log:mine")).content.decode()

    # When the reader is erased, the author still sees that someone read it, as a pseudonym.
    reader_pk = reader.pk
    pseudonymise_actor(reader_pk)
    reader.delete()
    page = signed_in(author).get(reverse("access_log:mine")).content.decode()
    assert "Lezer Groep Oost" not in page and page.count('<li class="card">') == 1


def test_the_privacy_officer_sees_and_exports_the_reads_of_their_organisations_groups_only() -> None:
    case, author, reader = _case("Groep Oost", "Zorg Oost")
    other_case, other_author, other_reader = _case("Groep West", "Zorg West")
    log_access(cases_events.CASE_READ, reader, case, subject=author)
    log_access(cases_events.CASE_READ, other_reader, other_case, subject=other_author)
    org = case.meeting.group.organisation
    assert org is not None
    officer = make_person("Pim Privacy")
    join_org(officer, org, OrgRole.PRIVACY_OFFICER)
    assert roles.org_reach(officer, org).can_read_access_log and not roles.org_reach(officer, org).can_manage
    coordinator = org.memberships.get(role=OrgRole.COORDINATOR).person
    assert not roles.org_reach(coordinator, org).can_read_access_log

    client = signed_in(officer)
    assert str(org.name) in client.get(reverse("access_log:mine")).content.decode()  # the way in
    page = client.get(reverse("access_log:organisation", args=[org.pk])).content.decode()
    assert "Lezer Groep Oost" in page and "Auteur Groep Oost" in page and "198.51.100.4" in page  # its own look, too
    assert "Groep West" not in page
    response = client.get(reverse("access_log:organisation_csv", args=[org.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *lines = rows
    assert len(header) == 8
    # The officer's look at the log a moment ago, and the read of the case.
    assert [(line[2], line[3], line[5]) for line in lines] == [
        ("Pim Privacy", "", ""), ("Lezer Groep Oost", "Auteur Groep Oost", "Groep Oost")]
    # Reading and exporting the log are reads themselves.
    assert list(AccessEntry.objects.filter(reader=officer).order_by("seq").values_list("event", flat=True)) == [
        ACCESS_LOG_READ, ACCESS_LOG_EXPORTED]
    assert signed_in(officer).get(reverse("access_log:organisation", args=[other_case.meeting.group.organisation.pk])).status_code == 404  # type: ignore[union-attr]
    assert signed_in(coordinator).get(reverse("access_log:organisation_csv", args=[org.pk])).status_code == 404


def test_a_name_that_looks_like_a_formula_is_defused_in_the_csv() -> None:
    case, author, reader = _case("Groep Oost", "Zorg Oost")
    reader.name = "=HYPERLINK(\"http://x\")"
    reader.save()
    log_access(cases_events.CASE_READ, reader, case, subject=author)
    org = case.meeting.group.organisation
    assert org is not None
    officer = make_person("Pim Privacy")
    join_org(officer, org, OrgRole.PRIVACY_OFFICER)
    text = signed_in(officer).get(reverse("access_log:organisation_csv", args=[org.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
