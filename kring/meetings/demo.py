"""Demo: a series in the therapeutic-relationship group and an open date poll in the
self-directed group. Idempotent: nothing is added to a group that already has some."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from kring.meetings import actions, poll_actions


def _at(days: int, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, 0)))


def load(demo: Any) -> None:
    therapeutic, peer = demo.groups["therapeutic"], demo.groups["peer"]
    facilitator = demo.people["facilitator2"]
    if not therapeutic.meetings.exists():
        actions.update_settings(
            facilitator, therapeutic, call_days_before=14, digest_days_before=3,
            agenda_template="Inloop en incheckronde\nVeiligheidsafspraken\nTerugblik vorige inbrenger\n"
                            "Keuze casus\nBespreking volgens de werkvorm\nLeerpunten en opbrengst\nAfkoelen",
        )
        actions.create_series(
            facilitator, therapeutic, starts_at=_at(10), ends_at=_at(10) + timedelta(hours=2, minutes=30),
            interval_weeks=6, count=4, break_minutes=15, location="GGZ Rivierenland, Nijmegen",
        )
    if not peer.date_polls.exists():
        options = [(_at(d), _at(d) + timedelta(hours=2)) for d in (21, 24, 28)]
        poll = poll_actions.create_poll(
            facilitator, peer, title="Eerste bijeenkomst na de zomer", deadline=_at(14, 23), options=options,
            note="Kies alles wat je kunt; we gaan voor de datum met de meeste ja's.",
            online_url="https://meet.example.org/jeugd-noord", break_minutes=10,
        )
        ids = [str(o.pk) for o in poll.options.all()]
        for key, answers in [("p1", ("yes", "maybe", "no")), ("p2", ("yes", "yes", "no")), ("p3", ("no", "yes", "maybe"))]:
            poll_actions.answer_poll(demo.people[key], poll, dict(zip(ids, answers, strict=True)))
