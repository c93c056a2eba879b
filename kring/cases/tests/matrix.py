from kring.cases import actions
from kring.site.matrix import Row, World, circle, expect

# Cases exist only for the circle: coordinators and staff get 404 like strangers.
author_only = expect(302, 200, 403, 404, 404, 404, 404)
_case = lambda w: {"case_id": w.extra["case"].pk}  # noqa: E731


def setup(world: World) -> None:
    # kring.meetings' setup (earlier in INSTALLED_APPS) made the meeting.
    world.extra["case"] = actions.submit_case(
        world.people["member"], world.extra["meeting"], title="Vastgelopen gesprek",
        situation="Een ouder zegt steeds af.", question="Hoe blijf ik in contact?",
    )


ROWS = [
    Row("cases:submit", author_only, kwargs=lambda w: {"meeting_id": w.extra["meeting"].pk}),
    Row("cases:detail", circle(), kwargs=_case),
    Row("cases:edit", author_only, kwargs=_case),
    Row("cases:withdraw", expect(302, 302, 403, 404, 404, 404, 404), kwargs=_case, method="post"),
]
