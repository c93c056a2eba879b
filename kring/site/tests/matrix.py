from kring.site.matrix import Row, World, everyone_logged_in, expect


def _org(w: World) -> dict[str, object]:
    return {"organisation_id": w.org.pk}


# The access log of an organisation is its privacy officer's alone (no matrix role is one):
# for everyone else it does not exist.
NOBODY = expect(302, 404, 404, 404, 404, 404, 404)

_staff_only = expect(302, 404, 404, 404, 404, 404, 200)

ROWS = [
    Row("site:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("site:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
    # Staff's pages: organisations and their coordinators. Outside staff they do not exist.
    Row("staff:organisations", _staff_only),
    Row("staff:organisation", _staff_only, kwargs=lambda w: {"org_id": w.org.pk}),
    Row("staff:organisation", expect(302, 404, 404, 404, 404, 404, 422), kwargs=lambda w: {"org_id": w.org.pk},
        method="post", data=lambda w: {"email": "geen-adres"}),
    Row("access_log:mine", everyone_logged_in()),
    Row("access_log:organisation", NOBODY, kwargs=_org),
    Row("access_log:organisation_csv", NOBODY, kwargs=_org),
]
