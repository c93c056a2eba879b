from kring.core.matrix import Row, expect

ROWS = [
    Row("core:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("core:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
]
