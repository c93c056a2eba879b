from datetime import timedelta

from django.utils import timezone

from kring.meetings import actions, poll_actions
from kring.site.matrix import Row, World, circle, everyone_logged_in, expect, managers, viewers

_group = lambda w: {"group_id": w.group.pk}  # noqa: E731
_meeting = lambda w: {"meeting_id": w.extra["meeting"].pk}  # noqa: E731
_poll = lambda w: {"poll_id": w.extra["poll"].pk}  # noqa: E731


def setup(world: World) -> None:
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    facilitator = world.people["facilitator"]
    world.extra["meeting"] = actions.create_meeting(
        facilitator, world.group, starts_at=start, ends_at=start + timedelta(hours=2), location="Utrecht"
    )
    world.extra["poll"] = poll_actions.create_poll(
        facilitator, world.group, title="Volgende keer", deadline=start - timedelta(days=20),
        options=[(start + timedelta(days=7), start + timedelta(days=7, hours=2))], location="Utrecht",
    )
    world.extra["feed_token"] = actions.rotate_feed(world.people["member"])


ROWS = [
    Row("meetings:overview", everyone_logged_in()),
    Row("meetings:group_list", viewers(), kwargs=_group),
    Row("meetings:month", viewers(), kwargs=_group),
    Row("meetings:create", managers(), kwargs=_group),
    Row("meetings:create_series", managers(), kwargs=_group),
    Row("meetings:settings", managers(), kwargs=_group),
    # Polls belong to the circle: answers and comments can be personal. The coordinator
    # sees the group (403 on creating a poll) but no poll exists for them or for staff (404).
    Row("meetings:poll_create", expect(302, 403, 200, 404, 403, 404, 403), kwargs=_group),
    Row("meetings:poll", circle(), kwargs=_poll),
    Row("meetings:poll_remind", expect(302, 403, 302, 404, 404, 404, 404), kwargs=_poll, method="post"),
    Row("meetings:poll_close", expect(302, 403, 302, 404, 404, 404, 404), kwargs=_poll, method="post",
        data=lambda w: {"option": str(w.extra["poll"].options.first().pk)}),
    Row("meetings:detail", viewers(), kwargs=_meeting),
    Row("meetings:edit", managers(), kwargs=_meeting),
    Row("meetings:cancel", managers(ok=302), kwargs=_meeting, method="post"),
    Row("meetings:held", managers(ok=302), kwargs=_meeting, method="post"),
    Row("meetings:reply", expect(302, 302, 302, 404, 403, 404, 403), kwargs=_meeting, method="post",
        data=lambda w: {"answer": "yes"}),
    Row("meetings:feed_settings", everyone_logged_in()),
    # Answers with the new address itself (shown once), not a redirect.
    Row("meetings:feed_rotate", everyone_logged_in(200), method="post"),
    Row("meetings:feed_revoke", everyone_logged_in(302), method="post"),
    # Public by secret token: calendar apps fetch it without a session.
    Row("meetings:feed", expect(200, 200, 200, 200, 200, 200, 200), kwargs=lambda w: {"token": w.extra["feed_token"]}),
]
