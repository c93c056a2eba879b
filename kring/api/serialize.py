"""Small shared pieces of the API routes."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from kring.api.schemas import MeetingOut, Problem
from kring.meetings.models import Meeting

# Every operation can answer with these problems; the document says so.
PROBLEMS: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


def meeting_out(request: HttpRequest, meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk, group_id=meeting.group_id, starts_at=meeting.starts_at, ends_at=meeting.ends_at,
        status=meeting.status, location=meeting.location, online_url=meeting.online_url,
        ics_url=request.build_absolute_uri(reverse("api-v1:meeting_ics", kwargs={"meeting_id": meeting.pk})),
    )
