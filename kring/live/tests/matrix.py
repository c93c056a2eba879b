from datetime import timedelta

from django.utils import timezone

from kring.cases.models import Case
from kring.live.actions import setup as live_setup
from kring.live.models import YieldEntry
from kring.meetings.models import Meeting
from kring.site.matrix import Row, World, circle, expect


def setup(world: World) -> None:
    start = timezone.now() + timedelta(days=1)
    meeting = Meeting.objects.create(group=world.group, starts_at=start, ends_at=start + timedelta(hours=2))
    other = Meeting.objects.create(group=world.group, starts_at=start + timedelta(days=30),
                                   ends_at=start + timedelta(days=30, hours=2))
    Case.objects.create(meeting=meeting, author=world.people["member"], title="Casus", situation="S", question="V?")
    session = live_setup.prepare(world.people["facilitator"], meeting)
    item = YieldEntry.objects.create(session=session, person=world.people["member"], text="Opbrengst")
    world.extra.update(live_item=item, live_session=session, live_block=session.blocks.order_by("order").first(),
                       unprepared_meeting=other)


_group = lambda w: {"group_id": w.group.pk}  # noqa: E731
_session = lambda w: {"session_id": w.extra["live_session"].pk}  # noqa: E731
_block = lambda w: {"session_id": w.extra["live_session"].pk, "block_id": w.extra["live_block"].pk}  # noqa: E731
_organiser = lambda ok: expect(302, 403, ok, 404, 404, 404, 404)  # noqa: E731

ROWS = [
    Row("live:group", circle(), kwargs=_group),
    Row("live:agreements", circle(), kwargs=_group),
    Row("live:prepare", _organiser(302), kwargs=lambda w: {"meeting_id": w.extra["unprepared_meeting"].pk},
        method="post"),
    Row("live:room", circle(), kwargs=_session),
    Row("live:block", circle(), kwargs=_session),
    Row("live:feed", circle(), kwargs=_session),
    Row("live:record", circle(), kwargs=_session),
    Row("live:setup", _organiser(200), kwargs=_session),
    Row("live:agenda_add", _organiser(302), kwargs=_session, method="post",
        data=lambda w: {"b-title": "Extra", "b-minutes": "5"}),
    Row("live:agenda_block", _organiser(302), kwargs=_block, method="post", data=lambda w: {"op": "down"}),
    Row("live:control", circle(302), kwargs=_session, method="post", data=lambda w: {"action": "start"}),
    Row("live:handover", circle(302), kwargs=_session, method="post", data=lambda w: {"op": "hand_over"}),
    Row("live:ballot", circle(302), kwargs=_session, method="post", data=lambda w: {"op": "close"}),
    Row("live:item", circle(302), kwargs=lambda w: {"session_id": w.extra["live_session"].pk,
                                                     "item_id": w.extra["live_item"].pk},
        method="post", data=lambda w: {"op": "remove"}),
    Row("live:write", circle(302), kwargs=_session, method="post", data=lambda w: {"kind": "yield", "text": "x"}),
]
