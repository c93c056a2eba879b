"""Mail the cases area sends. Called inside the transaction that causes it."""
from __future__ import annotations

from typing import Any

from kring.cases.queries import submitted_cases
from kring.groups.roles import circle_people
from kring.mail.actions import queue_mail
from kring.meetings.models import Meeting


def send_digest(sender: Any = None, *, meeting: Meeting, **kwargs: Any) -> int:
    """One mail per person in the circle with the titles of the submitted cases and a link
    (their text only when the group opted in to full text in mail), or a clear "no cases
    yet". Receives ``meetings.signals.digest_due``; once it is sent, cases are frozen
    (``open_for_cases`` sees the meeting's digest time)."""
    cases = list(submitted_cases(meeting))
    people = list(circle_people(meeting.group))
    stamp = int(meeting.starts_at.timestamp())
    for person in people:
        queue_mail(
            "kring.case.digest", person, "cases/mail/digest",
            {"meeting": meeting, "group": meeting.group, "cases": cases},
            dedupe_key=f"cases.digest:{meeting.pk}:{person.pk}:{stamp}", about=meeting,
        )
    return len(people)
