"""Demo: three past meetings of the self-directed youth-workers group with confirmed
attendance (one online without video, one partly present), a sent report and one awaiting
the case bringer, a fee, and evaluations. Idempotent: skipped once the group has a sheet."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from django.utils import timezone

from kring.accounts.models import Register, Registration, User
from kring.groups.models import IntervisionGroup
from kring.meetings.models import Meeting, MeetingStatus
from kring.reports import actions
from kring.reports.models import (
    AttendanceMode,
    AttendanceSheet,
    AttendanceStatus,
    FeeBasis,
    Payer,
    Report,
    ReportCasePart,
    ReportStatus,
)

SCORES = [
    {"usefulness": 4, "safety": 5, "collaboration": 4, "problem_solving": 3, "confidence": 4, "self_awareness": 4},
    {"usefulness": 5, "safety": 4, "collaboration": 4, "problem_solving": 4, "confidence": 3, "self_awareness": 5},
    {"usefulness": 3, "safety": 4, "collaboration": 3, "problem_solving": 4, "confidence": 3, "self_awareness": 4},
    {"usefulness": 4, "safety": 4, "collaboration": 5, "problem_solving": 4, "confidence": 4, "self_awareness": 3},
]


class DemoCast(Protocol):
    """What the demo (kring.site.demo, above this area) has built before this runs."""

    people: dict[str, User]
    groups: dict[str, IntervisionGroup]


def _at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _meeting(group: IntervisionGroup, days_ago: int, **fields: Any) -> Meeting:
    return Meeting.objects.create(group=group, starts_at=_at(days_ago, 19), ends_at=_at(days_ago, 21, 30),
                                  break_minutes=15, status=MeetingStatus.HELD, **fields)


def _confirm(facilitator: User, meeting: Meeting, changes: dict[UUID, dict[str, Any]]) -> None:
    sheet = actions.prepare_sheet(facilitator, meeting, None)
    lines = {}
    for line in sheet.lines.all():
        values = {"status": AttendanceStatus.PRESENT, "mode": AttendanceMode.ONLINE_VIDEO if meeting.online_url else AttendanceMode.IN_PERSON}
        values.update(changes.get(line.person_id, {}))
        lines[str(line.pk)] = values
    actions.update_attendance(facilitator, sheet, started_at=sheet.started_at, ended_at=sheet.ended_at,
                              break_minutes=sheet.break_minutes, topics="Loyaliteit in complexe scheidingen\nGrenzen stellen bij ouders",
                              lines=lines, confirm=True)


def load(demo: DemoCast) -> None:
    peer = demo.groups["peer"]
    if AttendanceSheet.objects.filter(meeting__group=peer).exists():
        return
    p, facilitator = demo.people, demo.people["facilitator2"]
    first = _meeting(peer, 70, location="Buurthuis De Linde, Nijmegen")
    second = _meeting(peer, 42, online_url="https://meet.example.org/jeugd-noord")
    third = _meeting(peer, 14, location="Buurthuis De Linde, Nijmegen")
    _confirm(facilitator, first, {})
    _confirm(facilitator, second, {p["p2"].pk: {"mode": AttendanceMode.ONLINE_NO_VIDEO},
                                   p["p4"].pk: {"status": AttendanceStatus.EXCUSED}})
    _confirm(facilitator, third, {p["p5"].pk: {"status": AttendanceStatus.PARTLY, "present_from": _at(14, 19, 45),
                                               "present_until": _at(14, 21, 30)}})
    # Bram also has a Registerplein registration: there the meeting without video does not count.
    Registration.objects.get_or_create(person=p["p2"], register=Register.objects.get(code="registerplein"),
                                       defaults={"number": "RP-55120"})
    sent = Report.objects.create(
        meeting=first, status=ReportStatus.SENT, sent_at=first.ends_at + timedelta(days=2), sent_by=facilitator,
        summary="Aanwezig: alle zes deelnemers\nBegeleider: Mohammed El Amrani\nWerkvorm: Balint (zes fasen)",
        phases="Verkennen\n- Vragen naar de loyaliteit van het kind\n\nKern van de vraag\n- Hoe blijf ik naast het kind staan?",
        yields="Iris Koster: Ik let meer op wat ik níet zeg.",
    )
    ReportCasePart.objects.create(
        report=sent, bringer=p["p1"], title="Een kind tussen twee ouders", question="Hoe blijf ik naast het kind staan?",
        advice="- Benoem de loyaliteit hardop\n- Spreek ouders samen", learning_points="- Ik benoem eerder wat ik zie",
        intended_action="In het volgende gesprek vraag ik het kind wat het zelf wil zeggen.", approved_at=sent.sent_at,
    )
    draft = Report.objects.create(meeting=third, summary="Aanwezig: zes deelnemers, Yara vanaf 19:45\nWerkvorm: incidentmethode")
    ReportCasePart.objects.create(report=draft, bringer=p["p3"], title="Grenzen bij een boze vader",
                                  question="Hoe houd ik mijn grens zonder het contact te verliezen?",
                                  learning_points="- Ik zeg wat ik wél kan doen",
                                  approval_requested_at=third.ends_at + timedelta(days=1))
    actions.set_fee(facilitator, peer, basis=FeeBasis.PER_MEETING, amount=Decimal("240.00"), vat_included=True,
                    vat_rate=Decimal("21"), payer=Payer.MEMBERS, track_starts_on=None)
    for meeting, keys in [(first, ["p1", "p2", "p3", "p4"]), (second, ["p1", "p3", "p5"]), (third, ["p2", "p6"])]:
        for i, key in enumerate(keys):
            actions.answer_evaluation(p[key], meeting, SCORES[i % len(SCORES)], "Fijne, veilige sfeer." if i == 0 else "")
