from __future__ import annotations

from django_tasks import task

from kring.meetings import actions


@task()
def meeting_mail(meeting_id: str, kind: str, planned_for: str) -> str:
    """Call for cases, digest or reminder. Enqueued with ``run_after`` when a meeting is
    planned or moved; a worker that was down runs it as soon as it is back."""
    return actions.send_scheduled(meeting_id, kind, planned_for)
