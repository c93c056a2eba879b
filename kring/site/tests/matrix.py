from kring.site.matrix import Row, expect

ROWS = [
    Row("site:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("site:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
]
