"""Report drafting, the case bringer's approval gate, sending, and who may read it."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.audit.models import AccessEntry
from kring.core.errors import Refused
from kring.groups.actions import set_full_text_in_mail
from kring.mail.models import OutboxMessage
from kring.reports import actions, events
from kring.reports.models import ReportStatus
from kring.reports.record import CaseRecord, MeetingRecord, PhaseRecord
from kring.reports.tests.conftest import Cast, at, make_meeting
from kring.site.testing import make_person

pytestmark = pytest.mark.django_db


def record(cast: Cast) -> MeetingRecord:
    m = cast.meeting
    return MeetingRecord(
        meeting=m, method_name="Balint (zes fasen)", chair=cast.members[1],
        started_at=at("2025-03-12", "19:05"), ended_at=at("2025-03-12", "21:30"), pause_seconds=20 * 60,
        present=cast.members[:3],
        cases=[CaseRecord(cast.case, cast.bringer, "Hoe bewaak ik mijn grens?", ["Benoem je grens vroeg"],
                          ["Ik zeg eerder nee"], "Volgende week bespreek ik het met mijn team")],
        phases=[PhaseRecord("Verkennen", ["Vragen over de context"], at("2025-03-12", "19:20"), at("2025-03-12", "19:50"))],
        yields=[(cast.members[1], "Meer rust in mijn aanpak")],
    )


def test_draft_contains_the_record(cast: Cast) -> None:
    report = actions.draft_report(cast.facilitator, cast.meeting, record(cast))
    assert "12 maart 2025" in report.summary and "19:05–21:30" in report.summary
    assert "Saïd Deelnemer" in report.summary and "Femke Begeleider" in report.summary
    assert "Balint (zes fasen)" in report.summary
    assert "Verkennen (19:20–19:50)" in report.phases and "- Vragen over de context" in report.phases
    assert "Saïd Deelnemer: Meer rust in mijn aanpak" in report.yields
    (part,) = report.parts.all()
    assert (part.title, part.bringer) == ("Grenzen bij een cliënt", cast.bringer)
    assert part.learning_points == "- Ik zeg eerder nee" and part.intended_action.startswith("Volgende week")
    assert "…" not in part.question  # the situation is not copied: title and question only
    # Drafting twice keeps the first draft.
    assert actions.draft_report(cast.facilitator, cast.meeting, record(cast)).pk == report.pk


def test_bringer_approval_gates_sending_and_edits_need_new_approval(cast: Cast) -> None:
    report = actions.draft_report(cast.facilitator, cast.meeting, record(cast))
    part = report.parts.get()
    with pytest.raises(Refused, match="Bram Inbrenger"):
        actions.send_report(cast.facilitator, report)
    with pytest.raises(Refused):
        actions.approve_part(cast.members[1], part)  # not the bringer
    actions.approve_part(cast.bringer, part)
    # An edit of the case part resets the approval …
    values = {f: getattr(part, f) for f in actions.PART_FIELDS} | {"advice": "- Nieuw advies"}
    report.refresh_from_db()
    actions.update_report(cast.facilitator, report, version=report.version, summary=report.summary, phases="",
                          yields=report.yields, note_taker=None, parts={str(part.pk): values})
    part.refresh_from_db()
    assert part.approved_at is None
    with pytest.raises(Refused):
        actions.send_report(cast.facilitator, report)
    actions.approve_part(cast.bringer, part)
    actions.send_report(cast.facilitator, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT
    mails = OutboxMessage.objects.filter(kind="kring.reports.report")
    assert sorted(m.to_email for m in mails) == sorted([cast.facilitator.email] + [m.email for m in cast.members])
    # By default the mail carries the case titles and a link, never the advice or learning points.
    body = mails[0].body_text
    assert part.title in body and reverse("reports:report", args=[cast.meeting.pk]) in body
    assert "Nieuw advies" not in body and "Ik zeg eerder nee" not in body
    with pytest.raises(Refused):
        actions.send_report(cast.facilitator, report)  # never twice
    with pytest.raises(Refused):
        actions.update_report(cast.facilitator, report, version=report.version, summary="x", phases="", yields="",
                              note_taker=None, parts={})


def test_a_stale_edit_is_refused_and_loses_nothing(cast: Cast) -> None:
    report = actions.draft_report(cast.facilitator, cast.meeting, record(cast))
    old = report.version
    actions.update_report(cast.facilitator, report, version=old, summary="eerste", phases="", yields="", note_taker=cast.members[2], parts={})
    # The note-taker may now edit, but not with an outdated form.
    with pytest.raises(Refused, match=r"in the meantime|ondertussen"):
        actions.update_report(cast.members[2], report, version=old, summary="tweede", phases="", yields="", note_taker=cast.members[2], parts={})
    report.refresh_from_db()
    assert report.summary == "eerste"
    actions.update_report(cast.members[2], report, version=report.version, summary="tweede 🙂", phases="", yields="", note_taker=cast.members[2], parts={})
    with pytest.raises(Refused):
        actions.update_report(cast.members[3], report, version=report.version + 1, summary="x", phases="", yields="", note_taker=None, parts={})


def test_a_draft_is_read_by_who_writes_it_and_each_bringer_only_her_part_every_read_logged(cast: Cast) -> None:
    report = actions.draft_report(cast.facilitator, cast.meeting, record(cast))
    report.note_taker = cast.members[2]
    report.save()
    url = reverse("reports:report", args=[cast.meeting.pk])
    outsider = make_person("Olga Buiten")
    staff = make_person("Stef Staf", staff=True)

    def page(person: User, status: int) -> str:
        client = Client()
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
        return response.content.decode()

    for person in (cast.facilitator, cast.members[2]):  # facilitator and note-taker: all of it
        assert "Ik zeg eerder nee" in page(person, 200) and "Meer rust in mijn aanpak" in page(person, 200)
    # The bringer: her own part, to approve it; nothing else of the draft.
    own = page(cast.bringer, 200)
    assert "Ik zeg eerder nee" in own and "Meer rust in mijn aanpak" not in own and "Saïd Deelnemer" not in own
    # Another member: not her part, not yet approved: nothing.
    assert "Ik zeg eerder nee" not in page(cast.members[3], 403)
    for person in (cast.coordinator, outsider, staff):
        page(person, 404)
    meeting_page = Client()
    meeting_page.force_login(cast.members[3])
    body = meeting_page.get(reverse("reports:meeting", args=[cast.meeting.pk])).content.decode()
    assert "wordt nog geschreven" in body and url not in body
    readers = set(AccessEntry.objects.filter(event=events.REPORT_READ).values_list("reader", flat=True))
    assert readers == {cast.facilitator.pk, cast.members[2].pk}
    case_readers = AccessEntry.objects.filter(event=events.REPORT_CASE_READ, subject=cast.bringer)
    assert set(case_readers.values_list("reader", flat=True)) == {cast.facilitator.pk, cast.members[2].pk, cast.bringer.pk}

    actions.approve_part(cast.bringer, report.parts.get())
    actions.send_report(cast.facilitator, report)
    assert "Meer rust in mijn aanpak" in page(cast.members[3], 200)  # sent: the whole circle reads it
    assert "Meer rust in mijn aanpak" in page(cast.bringer, 200)


def test_a_future_meeting_cannot_be_reported(cast: Cast) -> None:
    future = make_meeting(cast.group, "2099-01-01")
    with pytest.raises(Refused):
        actions.draft_report(cast.facilitator, future, record(cast))


def test_the_report_mail_carries_the_text_when_the_facilitator_opted_in(cast: Cast) -> None:
    set_full_text_in_mail(cast.facilitator, cast.meeting.group, True)
    report = actions.draft_report(cast.facilitator, cast.meeting, record(cast))
    actions.approve_part(cast.bringer, report.parts.get())
    actions.send_report(cast.facilitator, report)
    bodies = [m.body_text for m in OutboxMessage.objects.filter(kind="kring.reports.report")]
    assert bodies and all("Ik zeg eerder nee" in b and "Meer rust in mijn aanpak" in b for b in bodies)
