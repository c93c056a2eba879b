from kring.site.matrix import Row, expect

ROWS = [
    Row("site:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("site:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    # Open to everyone alike (it holds no personal data). The matrix world runs no task
    # worker, so the check answers 503 ("worker") to every role; test_health covers 200.
    Row("site:health", expect(503, 503, 503, 503, 503, 503, 503)),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
]
