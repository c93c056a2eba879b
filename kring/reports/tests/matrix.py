from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kring.accounts.models import Register, Registration
from kring.cases.models import Case
from kring.meetings.models import Meeting, MeetingStatus
from kring.reports.models import Evidence, EvidenceKind, RegisterRule, Report, ReportCasePart
from kring.site.matrix import Row, World, circle, everyone_logged_in, expect, managers

facilitator_only = expect(302, 403, 200, 404, 404, 404, 404)
facilitator_post = expect(302, 403, 302, 404, 404, 404, 404)
member_only = expect(302, 200, 403, 404, 404, 404, 404)
circle_post = circle(302)
staff_only = expect(302, 403, 403, 403, 403, 403, 200)
nobody_but_owner = expect(302, 404, 404, 404, 404, 404, 404)
public = expect(200, 200, 200, 200, 200, 200, 200)
coordinator_only = expect(302, 404, 404, 404, 200, 404, 404)


def setup(world: World) -> None:
    now = timezone.now()
    member = world.people["member"]
    meeting = Meeting.objects.create(group=world.group, starts_at=now - timedelta(days=2),
                                     ends_at=now - timedelta(days=2) + timedelta(hours=2), status=MeetingStatus.HELD)
    case = Case.objects.create(meeting=meeting, author=member, title="T", situation="S", question="Q")
    report = Report.objects.create(meeting=meeting, summary="x")
    part = ReportCasePart.objects.create(report=report, case=case, bringer=member, title="T")
    register = Register.objects.get_or_create(code="nvo", defaults={"name": "NVO"})[0]
    registration = Registration.objects.get_or_create(person=member, register=register, defaults={"number": "9"})[0]
    doc = Evidence.objects.create(kind=EvidenceKind.CERTIFICATE, code="AAAA-BBBB-CCCC-DDDD", issued_to=member,
                                  title="x", filename="x.pdf", pdf=b"%PDF", sha256="0")
    # A draft with nothing of the member's in it: she may not read it before it is sent.
    other_draft = Meeting.objects.create(group=world.group, starts_at=now - timedelta(days=9),
                                         ends_at=now - timedelta(days=9) + timedelta(hours=2), status=MeetingStatus.HELD)
    Report.objects.create(meeting=other_draft, summary="y")
    world.extra.update(meeting=meeting, other_draft=other_draft, part=part, registration=registration, evidence=doc,
                       rule=RegisterRule.objects.get(register__code="skj"))


M = lambda w: {"meeting_id": w.extra["meeting"].pk}  # noqa: E731
G = lambda w: {"group_id": w.group.pk}  # noqa: E731

ROWS = [
    Row("reports:meeting", circle(), kwargs=M),
    # A draft: the facilitator and note-taker read it, a bringer her own part (the member brings this case).
    Row("reports:report", circle(), kwargs=M),
    Row("reports:report", facilitator_only, kwargs=lambda w: {"meeting_id": w.extra["other_draft"].pk}),
    Row("reports:report_draft", facilitator_post, kwargs=M, method="post"),
    # The member is not the note-taker: 403; the facilitator edits.
    Row("reports:report_edit", facilitator_only, kwargs=M),
    Row("reports:report_approve", expect(302, 302, 403, 404, 404, 404, 404), method="post",
        kwargs=lambda w: {"meeting_id": w.extra["meeting"].pk, "part_id": w.extra["part"].pk}),
    Row("reports:report_send", facilitator_post, kwargs=M, method="post"),
    Row("reports:attendance", circle(), kwargs=M),
    Row("reports:attendance_start", facilitator_post, kwargs=M, method="post"),
    Row("reports:attendance_goals", expect(302, 403, 403, 404, 404, 404, 404), kwargs=M, method="post"),
    Row("reports:attendance_list", facilitator_post, kwargs=M, method="post"),
    Row("reports:evaluate", member_only, kwargs=M),
    Row("reports:group_costs", managers(), kwargs=G),
    Row("reports:group_evaluations", facilitator_only, kwargs=G),
    Row("reports:group_reflection", facilitator_only, kwargs=G),
    Row("reports:organisation_csv", coordinator_only, kwargs=lambda w: {"organisation_id": w.org.pk}),
    Row("reports:me", everyone_logged_in()),
    Row("reports:me_cycle", expect(302, 302, 404, 404, 404, 404, 404), method="post",
        kwargs=lambda w: {"registration_id": w.extra["registration"].pk}),
    Row("reports:me_certificate", everyone_logged_in(302), method="post"),
    Row("reports:me_cost_statement", circle(302), kwargs=G, method="post"),
    Row("reports:me_csv", everyone_logged_in()),
    Row("reports:me_zip", everyone_logged_in()),
    Row("reports:evidence", expect(302, 200, 404, 404, 404, 404, 404), kwargs=lambda w: {"evidence_id": w.extra["evidence"].pk}),
    Row("reports:verify", public),
    Row("reports:verify", public, query="?code=AAAA-BBBB-CCCC-DDDD"),
    Row("reports:rules", staff_only),
    Row("reports:rule_edit", staff_only, kwargs=lambda w: {"rule_id": w.extra["rule"].pk}),
]
