"""Task workers (``python -m kring worker``): any number at once, and no task runs twice."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from kring.mail.actions import queue_rendered_mail
from kring.mail.models import MailStatus, OutboxMessage
from kring.site import processes
from kring.site.models import WorkerHeartbeat
from kring.site.testing import SmtpServer

BURST = 500


@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_a_burst_of_mail_exactly_once(smtp_server: SmtpServer, tmp_path: Path) -> None:
    with transaction.atomic():  # one commit enqueues 500 deliveries at once
        for i in range(BURST):
            queue_rendered_mail(kind="kring.test", to_email=f"p{i}@example.org", subject=f"Bericht {i}",
                                body_text="Hallo", dedupe_key=f"burst-{i}")
    env = processes.test_env(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port))
    worker = (["worker", "--interval", "0.2", "--heartbeat", "1"], env)
    with processes.running([worker, worker], log=tmp_path / "workers.log") as procs:
        processes.wait_for(lambda: OutboxMessage.objects.filter(status=MailStatus.SENT).count() == BURST
                           and len(smtp_server.received) >= BURST, "the burst to be delivered", procs)
        processes.wait_for(lambda: WorkerHeartbeat.objects.count() == 2, "both heartbeats", procs)
    received = Counter(rcpt for mail in smtp_server.received for rcpt in mail.rcpt_tos)
    assert len(smtp_server.received) == BURST
    assert received == Counter({f"p{i}@example.org": 1 for i in range(BURST)})
    # Both workers took part, and each task ran in exactly one of them.
    deliveries = DBTaskResult.objects.filter(task_path="kring.mail.tasks.deliver")
    assert deliveries.count() == BURST
    runners = Counter(len(r.worker_ids) for r in deliveries)
    assert runners == Counter({1: BURST})
    assert len({r.worker_ids[0] for r in deliveries}) == 2
    # A stopped worker takes its heartbeat away with it.
    assert WorkerHeartbeat.objects.count() == 0
