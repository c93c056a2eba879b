from kring.accounts.models import Register, Registration
from kring.site.matrix import Row, World, everyone_logged_in, expect


def _org(w: World) -> dict[str, object]:
    return {"organisation_id": w.org.pk}


def setup(world: World) -> None:
    lvsc = Register.objects.get_or_create(code="lvsc-matrix", defaults={"name": "LVSC", "recognised_supervisor": True})[0]
    world.extra["supervisor_registration"] = Registration.objects.create(
        person=world.people["facilitator"], register=lvsc, number="LV-1")


# The access log of an organisation is its privacy officer's alone (no matrix role is one):
# for everyone else it does not exist.
NOBODY = expect(302, 404, 404, 404, 404, 404, 404)

staff_only = expect(302, 404, 404, 404, 404, 404, 200)

ROWS = [
    Row("site:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("site:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    Row("registrations:list", staff_only),
    # Staff verify (a redirect back to the list); everyone else does not find it.
    Row("registrations:decide", expect(302, 404, 404, 404, 404, 404, 302), method="post",
        kwargs=lambda w: {"registration_id": w.extra["supervisor_registration"].pk}, data=lambda w: {"decision": "verify"}),
    # Open to everyone alike (it holds no personal data). The matrix world runs no task
    # worker, so the check answers 503 ("worker") to every role; test_health covers 200.
    Row("site:health", expect(503, 503, 503, 503, 503, 503, 503)),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
    # Staff's pages: organisations and their coordinators. Outside staff they do not exist.
    Row("staff:organisations", staff_only),
    Row("staff:organisation", staff_only, kwargs=lambda w: {"org_id": w.org.pk}),
    Row("staff:organisation", expect(302, 404, 404, 404, 404, 404, 422), kwargs=lambda w: {"org_id": w.org.pk},
        method="post", data=lambda w: {"email": "geen-adres"}),
    Row("access_log:mine", everyone_logged_in()),
    Row("access_log:organisation", NOBODY, kwargs=_org),
    Row("access_log:organisation_csv", NOBODY, kwargs=_org),
]
