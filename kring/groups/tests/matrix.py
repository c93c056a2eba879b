from kring.site.matrix import Row, everyone_logged_in, expect, managers, viewers

_group = lambda w: {"group_id": w.group.pk}  # noqa: E731

ROWS = [
    # Organisation pages (kring.groups.org_views)
    Row("organisations:list", everyone_logged_in()),
    Row("organisations:detail", expect(302, 200, 200, 404, 200, 404, 404), kwargs=lambda w: {"org_id": w.org.pk}),
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
