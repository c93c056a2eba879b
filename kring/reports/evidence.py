"""Evidence documents (PDF): attendance certificates, attendance lists, signed reflection
statements and cost statements. Part of the area's write path: each issue stores the PDF as
issued with a verification code, and leaves one audit entry."""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kring.accounts.models import Registration, User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.groups.models import IntervisionGroup
from kring.groups.roles import reach
from kring.meetings.models import Meeting
from kring.reports import events, hours, money, progress
from kring.reports.models import Evidence, EvidenceKind, RegisterRule

MAX_PERIOD = timedelta(days=366 * 10)
ISSUED = {
    EvidenceKind.CERTIFICATE: events.CERTIFICATE_ISSUED,
    EvidenceKind.ATTENDANCE_LIST: events.ATTENDANCE_LIST_ISSUED,
    EvidenceKind.REFLECTION: events.REFLECTION_ISSUED,
    EvidenceKind.COST_STATEMENT: events.COST_STATEMENT_ISSUED,
}


def new_code() -> str:
    """80 random bits in base32: unguessable, and easy to type from paper."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(text: str) -> str:
    raw = re.sub(r"[^A-Z2-7]", "", (text or "").upper())[:16]
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def verify(code: str) -> Evidence | None:
    """The document with this code, or None. Unknown and forged codes look the same."""
    code = normalise_code(code)
    if len(code) != 19:
        return None
    return Evidence.objects.filter(code=code).select_related("issued_to").defer("pdf").first()


def render_pdf(template: str, context: dict[str, Any], language: str) -> bytes:
    import weasyprint  # heavy: only load it when a PDF is actually made

    with translation.override(language):
        html = render_to_string(template, context)
    css = weasyprint.CSS(filename=finders.find("reports/pdf.css"))
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[css])


def _filename(kind: EvidenceKind, *parts: object) -> str:
    """The name a person saves the PDF under and sends on to a register: in their language,
    so in Dutch "deelnamebewijs-skj-2025-01-01-2025-06-01.pdf"."""
    names = {
        EvidenceKind.CERTIFICATE: pgettext("file name", "attendance-certificate"),
        EvidenceKind.ATTENDANCE_LIST: pgettext("file name", "attendance-list"),
        EvidenceKind.REFLECTION: pgettext("file name", "reflection-statement"),
        EvidenceKind.COST_STATEMENT: pgettext("file name", "cost-statement"),
    }
    return "-".join([names[kind], *(str(p) for p in parts)]) + ".pdf"


def _store(kind: EvidenceKind, actor: User, person: User, template: str, context: dict[str, Any], title: str, filename: str,
           **fields: Any) -> Evidence:
    code = new_code()
    context = {
        **context, "code": code, "issued_at": timezone.now(), "person": person,
        "verify_url": f"{settings.SITE_URL}{reverse('reports:verify')}",
    }
    pdf = render_pdf(template, context, person.language or settings.LANGUAGE_CODE)
    evidence = Evidence.objects.create(
        kind=kind, code=code, issued_to=person, issued_by=actor, title=title[:300], filename=filename[:200],
        pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), **fields,
    )
    audit(ISSUED[kind], actor, evidence, person=str(person.pk))
    return evidence


def _check_period(start: date, end: date) -> None:
    if start > end:
        raise Refused(_("The start of the period must be before its end."))
    if end - start > MAX_PERIOD:
        raise Refused(_("Choose a period of at most ten years."))


def _facilitators(group: IntervisionGroup) -> list[dict[str, str]]:
    return [{"name": p.name, "registrations": ", ".join(f"{r.register.name} {r.number}" for r in regs)}
            for p, regs in progress.facilitator_registrations(group)]


@transaction.atomic
def issue_certificate(actor: User, registration: Registration, start: date, end: date) -> Evidence:
    if registration.person_id != actor.pk:
        raise Refused(_("You can only request your own certificate."))
    _check_period(start, end)
    rule = RegisterRule.objects.filter(register=registration.register).first()
    items = [progress.judge(line, rule) for line in progress.lines_of(actor, start, end)]
    counted = [i for i in items if i.counts]
    if not counted:
        raise Refused(_("You have no meetings that count for %(register)s in this period.") % {"register": registration.register.name})
    rows = []
    for item in counted:
        line, sheet = item.line, item.line.sheet
        window = hours.presence_window(line, sheet)
        rows.append({
            "item": item, "start": window[0] if window else sheet.started_at, "end": window[1] if window else sheet.ended_at,
            "group": sheet.meeting.group, "facilitators": _facilitators(sheet.meeting.group),
            "co_participants": sorted(o.person.name for o in sheet.lines.all() if o.attended and o.person_id != actor.pk)
            if rule and rule.lists_co_participants else [],
            "topics": sheet.topics, "learning_goals": line.learning_goals,
        })
    total_minutes = sum(i.net_minutes for i in counted)
    context = {
        "registration": registration, "rule": rule, "start": start, "end": end, "rows": rows,
        "total_hours": hours.hours_label(total_minutes), "total_points": sum((i.points for i in counted), Decimal("0")),
    }
    title = _("Attendance certificate %(register)s %(start)s – %(end)s") % {
        "register": registration.register.name, "start": start.isoformat(), "end": end.isoformat()}
    return _store(EvidenceKind.CERTIFICATE, actor, actor, "reports/pdf/certificate.html", context, title,
                  _filename(EvidenceKind.CERTIFICATE, registration.register.code, start, end),
                  register=registration.register, period_start=start, period_end=end)


@transaction.atomic
def issue_attendance_list(actor: User, meeting: Meeting) -> Evidence:
    if not reach(actor, meeting.group).can_facilitate:
        raise Refused(_("Only the group's facilitator can make the attendance list."))
    sheet = getattr(meeting, "attendance_sheet", None)
    if sheet is None:
        raise Refused(_("Fill in the attendance first."))
    lines = [{"line": line, "net": hours.hours_label(hours.net_minutes(line, sheet)),
              "window": hours.presence_window(line, sheet)} for line in sheet.lines.select_related("person")]
    context = {"meeting": meeting, "sheet": sheet, "lines": lines, "group": meeting.group,
               "facilitators": _facilitators(meeting.group), "net": hours.hours_label(hours.meeting_net_minutes(sheet))}
    day = timezone.localtime(sheet.started_at).date()
    title = _("Attendance list %(group)s %(date)s") % {"group": meeting.group.name, "date": day.isoformat()}
    return _store(EvidenceKind.ATTENDANCE_LIST, actor, actor, "reports/pdf/attendance_list.html", context, title,
                  _filename(EvidenceKind.ATTENDANCE_LIST, day), group=meeting.group, meeting=meeting)


def supervisor_registration(person: User) -> Registration | None:
    # Only once staff verified it (accounts.actions.verify_registration): anyone can type a number.
    return (person.registrations.filter(register__recognised_supervisor=True, verified_at__isnull=False)
            .select_related("register").first())


@transaction.atomic
def sign_reflection(actor: User, group: IntervisionGroup, person: User, start: date, end: date) -> Evidence:
    if not reach(actor, group).can_facilitate:
        raise Refused(_("Only the group's facilitator can sign a reflection statement."))
    registration = supervisor_registration(actor)
    if registration is None:
        raise Refused(_("Only a facilitator registered as a supervisor with a recognised register "
                        "(LVSC, VGCT, NIP, NVO or NVRG) can sign a reflection statement."))
    if not reach(person, group).member:
        raise Refused(_("This person is not a member of the group."))
    _check_period(start, end)
    lines = [line for line in progress.lines_of(person, start, end)
             if line.sheet.meeting.group_id == group.pk and line.attended and line.sheet.is_confirmed]
    if not lines:
        raise Refused(_("%(name)s attended no confirmed meetings of this group in this period.") % {"name": person.name})
    minutes = sum(hours.net_minutes(line, line.sheet) for line in lines)
    signed_at = timezone.now()
    signer = f"{registration.register.name} {registration.number}"
    context = {"group": group, "start": start, "end": end, "lines": lines, "total": hours.hours_label(minutes),
               "signer": actor, "signer_registration": signer, "signed_at": signed_at,
               "rows": [(line, hours.hours_label(hours.net_minutes(line, line.sheet))) for line in lines]}
    title = _("Reflection statement %(group)s %(start)s – %(end)s") % {"group": group.name, "start": start.isoformat(), "end": end.isoformat()}
    return _store(EvidenceKind.REFLECTION, actor, person, "reports/pdf/reflection.html", context, title,
                  _filename(EvidenceKind.REFLECTION, start, end), group=group, period_start=start, period_end=end,
                  signed_by=actor, signed_at=signed_at, signer_registration=signer)


@transaction.atomic
def issue_cost_statement(actor: User, group: IntervisionGroup, start: date, end: date) -> Evidence:
    if not reach(actor, group).member:
        raise Refused(_("Only members of the group get a cost statement."))
    _check_period(start, end)
    rows, total = money.share_of(actor, group, start, end)
    fee = getattr(group, "fee", None)
    if fee is None:
        raise Refused(_("This group has no fee."))
    context = {"group": group, "start": start, "end": end, "rows": rows, "total": total, "fee": fee}
    title = _("Cost statement %(group)s %(start)s – %(end)s") % {"group": group.name, "start": start.isoformat(), "end": end.isoformat()}
    return _store(EvidenceKind.COST_STATEMENT, actor, actor, "reports/pdf/costs.html", context, title,
                  _filename(EvidenceKind.COST_STATEMENT, start, end), group=group, period_start=start, period_end=end)
