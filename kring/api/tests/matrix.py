"""Permission-matrix rows of the API (called with each role's token) and of the token and
webhook pages. The API answers as the pages do: outside your reach is 404."""
from __future__ import annotations

from typing import Any

from kring.api.models import Webhook
from kring.formation.models import Application, ApplicationStatus, Offer
from kring.meetings.models import MeetingStatus
from kring.site.matrix import ROLES, Row, World, api, circle, everyone_logged_in, expect, viewers
from kring.site.testing import make_person, make_token

OPEN = expect(200, 200, 200, 200, 200, 200, 200)
ORG_VIEW = expect(302, 201, 201, 404, 201, 404, 404)
ORG_MANAGE = expect(302, 403, 403, 404, 200, 404, 404)
RUN = expect(302, 404, 404, 404, 200, 404, 404)
COORDINATOR_ONLY = expect(302, 404, 404, 404, 302, 404, 404)


def setup(world: World) -> None:
    world.extra["api_tokens"] = {role: make_token(world.people[role]) for role in ROLES if role != "anonymous"}
    # An offer with enough accepted applicants to start a run on.
    offer = Offer.objects.create(organisation=world.org, title="API-aanbod", min_size=2, max_size=4,
                                 slots=["ma-ochtend"], is_open=True)
    for name in ("API Een", "API Twee"):
        person = make_person(name)
        Application.objects.create(offer=offer, person=person, name=name, availability=["ma-ochtend"],
                                   status=ApplicationStatus.ACCEPTED)
    held = world.extra["meeting"]
    assert held.status == MeetingStatus.HELD  # the reports area's held meeting
    world.extra.update(
        api_offer=offer,
        api_webhook=Webhook.objects.create(organisation=world.org, url="https://example.org/hook", secret="s",
                                           events=["meeting.planned"]),
    )


def _csv(w: World) -> dict[str, Any]:
    return {"csv": "id,name,role,discipline,team,organisation,municipality,experience_years,availability\n"
                   "m1,Matrix Import,professional,,,,,3,ma-ochtend\n"}


def _answers(w: World) -> dict[str, Any]:
    return {"answers": {str(o.pk): "yes" for o in w.extra["poll"].options.all()}}


G = lambda w: {"group_id": w.group.pk}  # noqa: E731
M = lambda w: {"meeting_id": w.extra["meeting"].pk}  # noqa: E731
OFFER = lambda w: {"offer_id": w.extra["api_offer"].pk}  # noqa: E731

ROWS = [
    # The document and its interactive view describe the API to anyone.
    Row("api-v1:openapi-json", OPEN),
    Row("api-v1:openapi-view", OPEN),
    Row("api-v1:api-root", expect(404, 404, 404, 404, 404, 404, 404)),
    Row("api-v1:my_groups", api(everyone_logged_in()), auth="token"),
    Row("api-v1:group", api(viewers()), kwargs=G, auth="token"),
    Row("api-v1:group_members", api(viewers()), kwargs=G, auth="token"),
    Row("api-v1:group_meetings", api(viewers()), kwargs=G, auth="token"),
    Row("api-v1:meeting", api(viewers()), kwargs=M, auth="token"),
    Row("api-v1:meeting_ics", api(viewers()), kwargs=M, auth="token"),
    Row("api-v1:my_polls", api(everyone_logged_in()), auth="token"),
    Row("api-v1:answer_poll", api(circle()), kwargs=lambda w: {"poll_id": w.extra["poll"].pk}, method="post",
        data=_answers, auth="token"),
    Row("api-v1:my_attendance", api(everyone_logged_in()), auth="token"),
    # Facilitators confirm; a member sees the meeting (403); outside the circle it is not there.
    Row("api-v1:confirm_attendance", api(expect(302, 403, 200, 404, 404, 404, 404)), kwargs=M, method="post",
        data=lambda w: {}, auth="token"),
    Row("api-v1:offers", api(everyone_logged_in()), auth="token"),
    Row("api-v1:offer_applications", api(ORG_MANAGE), kwargs=OFFER, auth="token"),
    Row("api-v1:apply_to_offer", api(expect(302, 201, 201, 404, 201, 404, 404)), kwargs=OFFER, method="post",
        data=lambda w: {"experience_years": "3", "availability": ["ma-ochtend"]}, auth="token"),
    Row("api-v1:import_applicants", api(expect(302, 403, 403, 404, 201, 404, 404)), kwargs=OFFER, method="post",
        data=_csv, auth="token"),
    Row("api-v1:offer_runs", api(ORG_MANAGE), kwargs=OFFER, auth="token"),
    Row("api-v1:start_run", api(expect(302, 403, 403, 404, 202, 404, 404)), kwargs=OFFER, method="post",
        data=lambda w: {"seconds": 5}, auth="token"),
    Row("api-v1:run", api(RUN), kwargs=lambda w: {"run_id": w.extra["run"].pk}, auth="token"),
    # Token and webhook pages.
    Row("api:create_token", everyone_logged_in()),
    Row("api:revoke_token", expect(302, 302, 404, 404, 404, 404, 404), method="post",
        kwargs=lambda w: {"token_id": w.people["member"].api_tokens.get().pk}),
    Row("api:organisation", expect(302, 404, 404, 404, 200, 404, 404), kwargs=lambda w: {"org_id": w.org.pk}),
    Row("api:remove_webhook", COORDINATOR_ONLY, method="post", kwargs=lambda w: {"webhook_id": w.extra["api_webhook"].pk}),
]
