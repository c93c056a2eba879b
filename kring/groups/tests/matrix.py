from datetime import timedelta

from django.utils import timezone

from kring.organisations.models import OrgInvitation, OrgMembership, OrgRole, hash_token
from kring.site.matrix import Row, World, everyone_logged_in, expect, managers, viewers

_group = lambda w: {"group_id": w.group.pk}  # noqa: E731
_org = lambda w: {"org_id": w.org.pk}  # noqa: E731
_member_role = lambda w: {"org_id": w.org.pk, "membership_id": w.extra["member_org_role"].pk}  # noqa: E731
MATRIX_TOKEN = "matrix-uitnodiging-token"


def setup(world: World) -> None:
    world.extra["member_org_role"] = OrgMembership.objects.get(organisation=world.org, person=world.people["member"])
    OrgInvitation.objects.create(organisation=world.org, email="nieuw@example.org", role=OrgRole.MEMBER,
                                 token_hash=hash_token(MATRIX_TOKEN), invited_by=world.people["coordinator"],
                                 expires_at=timezone.now() + timedelta(days=1))


ROWS = [
    # Organisation pages (kring.groups.org_views)
    Row("organisations:list", everyone_logged_in()),
    Row("organisations:detail", expect(302, 200, 200, 404, 200, 404, 404), kwargs=_org),
    # Only the organisation's coordinators invite and change roles; staff use their own pages.
    Row("organisations:invite", expect(302, 403, 403, 404, 422, 404, 404), kwargs=_org, method="post"),
    Row("organisations:change_role", expect(302, 403, 403, 404, 422, 404, 404), kwargs=_member_role, method="post"),
    Row("organisations:remove_role", expect(302, 403, 403, 404, 302, 404, 404), kwargs=_member_role, method="post"),
    # One's own roles only: everyone else's membership does not exist for them.
    Row("organisations:leave", expect(302, 302, 404, 404, 404, 404, 404), method="post",
        kwargs=lambda w: {"membership_id": w.extra["member_org_role"].pk}),
    # The link holder was mailed it: the page opens for anyone who has it (signed in
    # under another address, it says so and accepts nothing).
    Row("organisations:invitation", expect(200, 200, 200, 200, 200, 200, 200), kwargs=lambda w: {"token": MATRIX_TOKEN}),
    Row("groups:create", everyone_logged_in()),
    Row("groups:detail", viewers(), kwargs=_group),
    Row("groups:members", viewers(), kwargs=_group),
    Row("groups:edit", managers(), kwargs=_group),
    # Only the facilitator decides whether mail carries full text.
    Row("groups:mail_policy", expect(302, 403, 302, 404, 403, 404, 403), kwargs=_group, method="post"),
    Row("groups:add_member", expect(302, 403, 422, 404, 422, 404, 403), kwargs=_group, method="post"),
    Row("groups:remove_member", managers(ok=302), method="post",
        kwargs=lambda w: {"group_id": w.group.pk, "membership_id": w.member_membership.pk}),
]
