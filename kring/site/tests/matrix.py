from django.utils import timezone

from kring.site.health import beat
from kring.site.matrix import Row, World, expect


def setup(world: World) -> None:
    # A worker's heartbeat, so the health check answers 200 (tests run no worker).
    beat("matrix-worker", timezone.now())


ROWS = [
    Row("site:home", expect(200, 302, 302, 302, 302, 302, 302)),
    Row("site:dashboard", expect(302, 200, 200, 200, 200, 200, 200)),
    Row("site:health", expect(200, 200, 200, 200, 200, 200, 200)),
    Row("set_language", expect(302, 302, 302, 302, 302, 302, 302), method="post", data=lambda w: {"language": "en", "next": "/"}),
]
