from kring.accounts.models import Register, Registration
from kring.site.matrix import Row, World, expect

staff_only = expect(302, 404, 404, 404, 404, 404, 200)


def setup(world: World) -> None:
    lvsc = Register.objects.get_or_create(code="lvsc-matrix", defaults={"name": "LVSC", "recognised_supervisor": True})[0]
    world.extra["supervisor_registration"] = Registration.objects.create(
        person=world.people["facilitator"], register=lvsc, number="LV-1")


ROWS = [
    Row("site:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("site:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    Row("registrations:list", staff_only),
    # Staff verify (a redirect back to the list); everyone else does not find it.
    Row("registrations:decide", expect(302, 404, 404, 404, 404, 404, 302), method="post",
        kwargs=lambda w: {"registration_id": w.extra["supervisor_registration"].pk}, data=lambda w: {"decision": "verify"}),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
]
