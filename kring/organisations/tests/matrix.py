from kring.core.matrix import Row, everyone_logged_in, expect

ROWS = [
    Row("organisations:list", everyone_logged_in()),
    Row("organisations:detail", expect(302, 200, 200, 404, 200, 404, 404), kwargs=lambda w: {"org_id": w.org.pk}),
]
