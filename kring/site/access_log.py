"""The access log made visible: a person sees who read their data and when ("Wie heeft
mijn gegevens ingezien"); an organisation's privacy officer sees, and exports as CSV, the
reads in its groups. (In the site app: the labels name events of every area.)"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import User
from kring.audit.models import AccessEntry
from kring.cases import events as cases_events
from kring.groups.models import IntervisionGroup
from kring.live import events as live_events
from kring.mail import events as mail_events
from kring.meetings import events as meetings_events
from kring.organisations.models import Organisation
from kring.reports import events as reports_events
from kring.site.events import ACCESS_LOG_EXPORTED, ACCESS_LOG_READ

LABELS = {
    cases_events.CASE_READ: gettext_lazy("case"),
    cases_events.CASE_TITLE_READ: gettext_lazy("case title"),
    live_events.CASE_READ: gettext_lazy("case, in the meeting"),
    live_events.LOOKBACK_READ: gettext_lazy("look-back, in the meeting"),
    live_events.NOTES_READ: gettext_lazy("notes of the meeting"),
    live_events.RECORD_READ: gettext_lazy("record of the meeting"),
    live_events.AGREEMENTS_READ: gettext_lazy("safety agreements"),
    reports_events.REPORT_READ: gettext_lazy("report"),
    reports_events.REPORT_CASE_READ: gettext_lazy("your part of a report"),
    reports_events.LOOKBACK_READ: gettext_lazy("look-back on the group page"),
    reports_events.EVIDENCE_READ: gettext_lazy("evidence document"),
    reports_events.EVIDENCE_EXPORTED: gettext_lazy("evidence export"),
    reports_events.ATTENDANCE_EXPORTED: gettext_lazy("attendance export"),
    reports_events.EVALUATION_COMMENTS_READ: gettext_lazy("evaluation comments"),
    meetings_events.POLL_COMMENTS_READ: gettext_lazy("comments in a date poll"),
    mail_events.MESSAGE_READ: gettext_lazy("an e-mail to you, by staff"),
    ACCESS_LOG_READ: gettext_lazy("access log"),
    ACCESS_LOG_EXPORTED: gettext_lazy("access log export"),
}


@dataclass(frozen=True)
class Line:
    at: datetime
    what: str
    reader: str
    subject: str
    on_behalf_of: str
    group: str
    session: str
    client_address: str


def _person(user: User | None, ref: str) -> str:
    if user is not None:
        return user.name or user.email
    # Erased, or a task: the pseudonym keeps one person's entries together.
    return _("erased person %(ref)s") % {"ref": ref[:8]} if ref else _("Kring itself")


def lines(entries: QuerySet[AccessEntry]) -> list[Line]:
    entries = entries.select_related("reader", "subject")
    groups = dict(IntervisionGroup.objects.filter(pk__in={e.group_id for e in entries if e.group_id})
                  .values_list("pk", "name"))
    return [
        Line(e.at, str(LABELS.get(e.event, e.event)), _person(e.reader, e.reader_ref),
             _person(e.subject, e.subject_ref) if e.subject_ref else "", e.on_behalf_of,
             groups.get(e.group_id, "") if e.group_id else "", e.session_ref[:8], e.client_address or "")
        for e in entries
    ]


def read_by_others(person: User) -> QuerySet[AccessEntry]:
    """Reads of this person's data by anyone else, newest first."""
    return AccessEntry.objects.filter(subject=person).exclude(reader=person).order_by("-seq")


def organisation_log(organisation: Organisation, groups: QuerySet[IntervisionGroup]) -> QuerySet[AccessEntry]:
    """Reads in the organisation's groups, and of the organisation's own data (its
    attendance exports, this log)."""
    own = Q(object_type=organisation._meta.label_lower, object_id=str(organisation.pk))
    return AccessEntry.objects.filter(Q(group_id__in=groups.values("pk")) | own).order_by("-seq")


class Writable(Protocol):
    def write(self, content: str, /) -> object: ...


def write_csv(out: Writable, rows: list[Line]) -> None:
    writer = csv.writer(out)
    writer.writerow([_("time"), _("what"), _("read by"), _("whose data"), _("on behalf of"), _("group"),
                     _("session"), _("client address")])
    for row in rows:
        # Names come from people: a leading = + - @ would run as a formula in a spreadsheet.
        writer.writerow([row.at.isoformat(), *(_safe(v) for v in (row.what, row.reader, row.subject, row.on_behalf_of,
                                                                      row.group)), row.session, row.client_address])


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
