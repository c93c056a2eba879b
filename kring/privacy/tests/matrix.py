from __future__ import annotations

from kring.privacy.models import ErasureRequest
from kring.site.matrix import Row, World, everyone_logged_in, expect

staff_only = expect(302, 404, 404, 404, 404, 404, 200)
staff_post = expect(302, 404, 404, 404, 404, 404, 302)


def setup(world: World) -> None:
    world.extra["erasure_request"] = ErasureRequest.objects.create(person=world.people["member"])


ROWS = [
    Row("privacy:mine", everyone_logged_in()),
    Row("privacy:download", everyone_logged_in()),
    Row("privacy:request_erasure", expect(302, 302, 302, 302, 302, 302, 302), method="post"),
    Row("privacy:withdraw_erasure", expect(302, 302, 302, 302, 302, 302, 302), method="post"),
    Row("privacy:erasure_requests", staff_only),
    # Without the typed address nothing is erased: staff get the page back with a message.
    Row("privacy:confirm_erasure", staff_post, kwargs=lambda w: {"request_id": w.extra["erasure_request"].pk},
        method="post"),
]
