from kring.mail.actions import queue_rendered_mail
from kring.site.matrix import Row, World, expect

staff_only = expect(302, 404, 404, 404, 404, 404, 200)


def setup(world: World) -> None:
    world.extra["outbox_message"] = queue_rendered_mail(
        kind="kring.test", to_email="someone@example.org", subject="Test", body_text="Hallo"
    )


ROWS = [
    Row("mail:outbox", staff_only),
    Row("mail:message", staff_only, kwargs=lambda w: {"message_id": w.extra["outbox_message"].pk}),
]
