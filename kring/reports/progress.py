"""Does a meeting count for a register, and how far is a person in their current cycle?
The rules are rows (RegisterRule); this module only applies them."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import Registration, User
from kring.groups.models import IntervisionGroup
from kring.groups.roles import facilitators
from kring.meetings.models import Meeting
from kring.reports import hours
from kring.reports.models import Attendance, AttendanceMode, Evidence, EvidenceKind, RegisterRule, RegistrationCycle


@dataclass
class Item:
    """One meeting of a person, judged for one register."""

    line: Attendance
    net_minutes: int
    points: Decimal
    reasons: list[str]

    @property
    def counts(self) -> bool:
        return not self.reasons

    @property
    def meeting(self) -> Meeting:
        return self.line.sheet.meeting

    @property
    def hours(self) -> Decimal:
        return hours.as_hours(self.net_minutes)


def participants(line: Attendance) -> int:
    """People who took part (facilitators not counted: they lead, they are not the group)."""
    return sum(1 for other in line.sheet.lines.all() if other.attended)


def reasons_not_counting(line: Attendance, rule: RegisterRule | None) -> list[str]:
    sheet = line.sheet
    if not sheet.is_confirmed:
        return [_("The facilitator has not confirmed the attendance yet.")]
    if not line.attended:
        return [_("You were absent.")]
    if rule is None:
        return []
    name = rule.register.name
    reasons: list[str] = []
    online = line.mode in (AttendanceMode.ONLINE_VIDEO, AttendanceMode.ONLINE_NO_VIDEO)
    if online and not rule.online_counts:
        reasons.append(_("Online meeting: %(register)s does not count online meetings.") % {"register": name})
    elif line.mode == AttendanceMode.ONLINE_NO_VIDEO and rule.online_requires_video:
        reasons.append(_("Online without video: %(register)s counts online meetings only with video.") % {"register": name})
    net = hours.meeting_net_minutes(sheet)
    if rule.min_meeting_minutes and net < rule.min_meeting_minutes:
        reasons.append(_("The meeting lasted %(net)s net; %(register)s asks for at least %(min)s.") % {
            "net": hours.hours_label(net), "register": name, "min": hours.hours_label(rule.min_meeting_minutes)})
    n = participants(line)
    if rule.min_participants and n < rule.min_participants:
        reasons.append(_("%(n)d participants; %(register)s asks for at least %(min)d.") % {"n": n, "register": name, "min": rule.min_participants})
    if rule.max_participants and n > rule.max_participants:
        reasons.append(_("%(n)d participants; %(register)s allows at most %(max)d.") % {"n": n, "register": name, "max": rule.max_participants})
    return reasons


def judge(line: Attendance, rule: RegisterRule | None) -> Item:
    minutes = hours.net_minutes(line, line.sheet)
    reasons = reasons_not_counting(line, rule)
    per_hour = rule.points_per_hour if rule else Decimal("1")
    points = (hours.as_hours(minutes) * per_hour).quantize(Decimal("0.01")) if not reasons else Decimal("0")
    return Item(line=line, net_minutes=minutes, points=points, reasons=reasons)


def lines_of(person: User, start: date | None = None, end: date | None = None) -> list[Attendance]:
    """A person's attendance lines as a member (their own data: no scoping beyond the person)."""
    qs = (
        Attendance.objects.filter(person=person)
        .select_related("sheet__meeting__group", "sheet__confirmed_by")
        .prefetch_related("sheet__lines")
        .order_by("sheet__started_at")
    )
    if start:
        qs = qs.filter(sheet__started_at__date__gte=start)
    if end:
        qs = qs.filter(sheet__started_at__date__lte=end)
    return list(qs)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Progress:
    registration: Registration
    rule: RegisterRule | None
    cycle_start: date | None
    cycle_end: date | None
    cycle_set_by_person: bool
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[Item]:
        return [i for i in self.items if i.counts]

    @property
    def not_counted(self) -> list[Item]:
        return [i for i in self.items if not i.counts]

    @property
    def points(self) -> Decimal:
        return sum((i.points for i in self.counted), Decimal("0"))

    @property
    def counted_hours(self) -> Decimal:
        return sum((i.hours for i in self.counted), Decimal("0"))

    @property
    def required(self) -> Decimal | None:
        return self.rule.required_hours if self.rule else None

    @property
    def still_needed(self) -> Decimal | None:
        if self.required is None:
            return None
        return max(Decimal("0"), self.required - self.points)

    @property
    def percent(self) -> int:
        if not self.required:
            return 0
        return min(100, int(self.points * 100 / self.required))


def cycle_of(registration: Registration, rule: RegisterRule | None, today: date) -> tuple[date | None, date | None, bool]:
    cycle = RegistrationCycle.objects.filter(registration=registration).first()
    years = rule.cycle_years if rule else None
    if cycle is not None:
        return cycle.starts_on, add_years(cycle.starts_on, years) - timedelta(days=1) if years else None, True
    if years:  # until the person says when their cycle started: the last `years` years
        return add_years(today, -years) + timedelta(days=1), today, False
    return None, None, False


def progress(registration: Registration, today: date | None = None) -> Progress:
    today = today or timezone.localdate()
    rule = RegisterRule.objects.filter(register=registration.register).select_related("register").first()
    start, end, set_by_person = cycle_of(registration, rule, today)
    result = Progress(registration, rule, start, end, set_by_person)
    result.items = [judge(line, rule) for line in lines_of(registration.person, start, end)]
    if rule and rule.min_meetings_per_year:
        per_year = Counter(i.meeting.starts_at.year for i in result.counted)
        for year in sorted({i.meeting.starts_at.year for i in result.items}):
            if per_year[year] < rule.min_meetings_per_year:
                result.warnings.append(_("%(year)d: %(n)d counted meetings; %(register)s asks for at least %(min)d a year.") % {
                    "year": year, "n": per_year[year], "register": rule.register.name, "min": rule.min_meetings_per_year})
    if rule and rule.supervisor_signature_required:
        signed = Evidence.objects.filter(issued_to=registration.person, kind=EvidenceKind.REFLECTION).exists()
        if not signed:
            result.warnings.append(_("%(register)s needs a reflection statement signed by a recognised supervisor.") % {
                "register": rule.register.name})
    return result


def facilitator_registrations(group: IntervisionGroup) -> list[tuple[User, list[Registration]]]:
    people = facilitators(group)
    return [(p, list(p.registrations.select_related("register"))) for p in people]
