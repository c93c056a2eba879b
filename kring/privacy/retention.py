"""Retention as data: each kind of data is kept for the days of its ``RetentionRule`` (seeded
by migration 0002 with the defaults and sources of docs/privacy-retention.md), then purged.
Each purge is idempotent: running it twice a day, or a day late, does no harm."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.audit.actions import purge_before
from kring.audit.models import AccessEntry
from kring.cases.models import Case
from kring.live.models import ChosenCase, Entry, YieldEntry
from kring.mail import retention as mail_retention
from kring.privacy.models import RetentionKind, RetentionRule
from kring.reports.models import EvaluationAnswer, EvaluationMarker, Report

# Used when a rule row is missing (a fresh table before its data migration, a deleted row).
DEFAULT_DAYS: dict[str, int] = {
    RetentionKind.OUTBOX_BODIES: 30,
    RetentionKind.CASES: 90,
    RetentionKind.NOTES: 90,
    RetentionKind.REPORTS: 730,
    RetentionKind.EVALUATIONS: 365,
    RetentionKind.SESSIONS: 1,
    RetentionKind.TASK_RESULTS: 30,
    RetentionKind.ACCESS_LOG: 1827,
}


def _delete(rows: QuerySet[Any]) -> int:
    """Delete and count the rows themselves (not what their deletion cascades to)."""
    return rows.delete()[1].get(rows.model._meta.label, 0)


def days_for(kind: str) -> int:
    # The outbox period can also come from the mail area's own setting (the delivery side
    # of the same rule); when both exist the setting wins, so one number governs the mail.
    if kind == RetentionKind.OUTBOX_BODIES:
        return int(settings.KRING_MAIL_RETENTION_DAYS)
    rule = RetentionRule.objects.filter(kind=kind).first()
    return rule.days if rule is not None else DEFAULT_DAYS[kind]


def _outbox_bodies(before: datetime) -> int:
    return mail_retention.purge_outbox(cutoff=before)  # the mail area's own purge, one rule


def _cases(before: datetime) -> int:
    cases = Case.objects.filter(meeting__ends_at__lt=before)
    ChosenCase.objects.filter(case__in=cases).delete()  # the live record of the case goes with it
    return _delete(cases)


def _notes(before: datetime) -> int:
    entries = _delete(Entry.objects.filter(session__meeting__ends_at__lt=before))
    yields = _delete(YieldEntry.objects.filter(session__meeting__ends_at__lt=before))
    # the texts are encrypted at rest: which ones are not empty yet is seen after decrypting
    written = [c.pk for c in ChosenCase.objects.filter(session__meeting__ends_at__lt=before).only("question", "intended_action")
               if c.question or c.intended_action]
    cleared = ChosenCase.objects.filter(pk__in=written).update(question="", intended_action="")
    return entries + yields + cleared


def _reports(before: datetime) -> int:
    return _delete(Report.objects.filter(meeting__ends_at__lt=before))


def _evaluations(before: datetime) -> int:
    answers = _delete(EvaluationAnswer.objects.filter(meeting__ends_at__lt=before))
    return answers + _delete(EvaluationMarker.objects.filter(meeting__ends_at__lt=before))


def _sessions(before: datetime) -> int:
    return _delete(Session.objects.filter(expire_date__lt=before))


def _task_results(before: datetime) -> int:
    return _delete(DBTaskResult.objects.filter(finished_at__lt=before))


def _access_log(before: datetime) -> int:
    return purge_before(AccessEntry, before)  # from the start of the chain only, so the rest verifies


PURGES: dict[str, Callable[[datetime], int]] = {
    RetentionKind.OUTBOX_BODIES: _outbox_bodies,
    RetentionKind.CASES: _cases,
    RetentionKind.NOTES: _notes,
    RetentionKind.REPORTS: _reports,
    RetentionKind.EVALUATIONS: _evaluations,
    RetentionKind.SESSIONS: _sessions,
    RetentionKind.TASK_RESULTS: _task_results,
    RetentionKind.ACCESS_LOG: _access_log,
}


def purge_all() -> dict[str, int]:
    """Purge every kind past its period; the number of rows purged, by kind."""
    now = timezone.now()
    return {kind: purge(now - timedelta(days=days_for(kind))) for kind, purge in PURGES.items()}
