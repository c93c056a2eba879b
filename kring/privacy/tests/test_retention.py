from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.audit.actions import log_access
from kring.audit.models import AuditEntry
from kring.cases.models import Case
from kring.live.models import Contribution, Entry, LiveSession
from kring.mail.models import MailStatus, OutboxMessage
from kring.meetings.models import Meeting, MeetingStatus
from kring.privacy import events, retention
from kring.privacy.models import RetentionKind, RetentionRule
from kring.privacy.tasks import purge_daily
from kring.reports.models import EvaluationAnswer, Report
from kring.reports.tests.conftest import Cast
from kring.site.testing import run_tasks


def test_every_kind_has_a_seeded_period_with_its_source(db: None) -> None:
    rules = {r.kind: r for r in RetentionRule.objects.all()}
    assert set(rules) == set(RetentionKind.values)
    assert all(r.source.strip() for r in rules.values())
    assert rules[RetentionKind.ACCESS_LOG].days >= 5 * 365 and "NEN 7513" in rules[RetentionKind.ACCESS_LOG].source
    assert {k: r.days for k, r in rules.items()} == retention.DEFAULT_DAYS


def _meeting(cast: Cast, days_ago: int) -> Meeting:
    end = timezone.now() - timedelta(days=days_ago)
    return Meeting.objects.create(group=cast.group, starts_at=end - timedelta(hours=2), ends_at=end, status=MeetingStatus.HELD)


def _mail(cast: Cast, days_ago: int) -> OutboxMessage:
    return OutboxMessage.objects.create(kind="k", recipient=cast.bringer, to_email=cast.bringer.email, subject="S",
                                        body_text="Vertrouwelijke tekst", status=MailStatus.SENT,
                                        sent_at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def aged(cast: Cast) -> dict:
    """Data just past and just within its period, for every kind."""
    old, recent = _meeting(cast, 100), _meeting(cast, 80)
    made: dict = {"cast_case": cast.case}
    for name, meeting in (("old", old), ("recent", recent)):
        made[f"{name}_case"] = Case.objects.create(meeting=meeting, author=cast.bringer, title=name, situation="S", question="Q")
        session = LiveSession.objects.create(meeting=meeting)
        made[f"{name}_note"] = Entry.objects.create(session=session, kind=Contribution.NOTE, author=cast.facilitator, text="n")
    made["old_report"] = Report.objects.create(meeting=_meeting(cast, 731), summary="s")
    made["recent_report"] = Report.objects.create(meeting=_meeting(cast, 700), summary="s")
    for name, days in (("old_answer", 366), ("recent_answer", 364)):
        made[name] = EvaluationAnswer.objects.create(meeting=_meeting(cast, days), owner_tag=name, usefulness=4, safety=4,
                                                     collaboration=4, problem_solving=4, confidence=4, self_awareness=4)
    made["old_mail"], made["recent_mail"] = _mail(cast, 31), _mail(cast, 29)
    for name, days in (("old_read", 1828), ("recent_read", 1826)):  # the log is append-only: written back then
        with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
            made[name] = log_access("kring.cases.case_read", cast.facilitator, made["recent_case"], subject=cast.bringer)
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(days=2))
    made["old_session"] = store.session_key
    return made


def _exists(obj: object) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_purges_what_is_past_its_period_and_logs_it(aged: dict) -> None:
    purge_daily.enqueue()
    run_tasks()

    for name in ("old_case", "old_note", "old_report", "old_read", "old_answer"):
        assert not _exists(aged[name]), name
    for name in ("recent_case", "recent_note", "recent_report", "recent_read", "recent_answer"):
        assert _exists(aged[name]), name
    assert OutboxMessage.objects.get(pk=aged["old_mail"].pk).body_text == ""
    assert OutboxMessage.objects.get(pk=aged["recent_mail"].pk).body_text == "Vertrouwelijke tekst"
    assert not Session.objects.filter(session_key=aged["old_session"]).exists()

    logged = AuditEntry.objects.get(name=events.DATA_PURGED)
    assert not _exists(aged["cast_case"])  # the cast's meeting of March 2025 is long past
    assert logged.data[RetentionKind.CASES] == 2 and logged.data[RetentionKind.ACCESS_LOG] == 1
    assert logged.data[RetentionKind.REPORTS] == 1 and logged.data[RetentionKind.OUTBOX_BODIES] == 1
    # … and it has planned tomorrow's run.
    nxt = DBTaskResult.objects.get(task_path="kring.privacy.tasks.purge_daily", status="READY")
    assert timezone.now() < nxt.run_after <= timezone.now() + timedelta(days=1, hours=3)


def test_a_changed_rule_changes_the_period(aged: dict) -> None:
    RetentionRule.objects.filter(kind=RetentionKind.CASES).update(days=120)
    call_command("purge_expired")
    assert _exists(aged["old_case"])
    RetentionRule.objects.filter(kind=RetentionKind.CASES).update(days=50)
    call_command("purge_expired")
    assert not _exists(aged["old_case"]) and not _exists(aged["recent_case"])


@override_settings(KRING_MAIL_RETENTION_DAYS=60)
def test_the_mail_areas_outbox_setting_governs_outbox_bodies(aged: dict) -> None:
    call_command("purge_expired")
    assert OutboxMessage.objects.get(pk=aged["old_mail"].pk).body_text == "Vertrouwelijke tekst"


@pytest.mark.django_db(transaction=True)
def test_finished_task_results_go_after_their_period() -> None:
    purge_daily.enqueue()
    run_tasks()
    DBTaskResult.objects.filter(status="SUCCESSFUL").update(finished_at=timezone.now() - timedelta(days=31))
    call_command("purge_expired")
    assert not DBTaskResult.objects.filter(status="SUCCESSFUL").exists()
