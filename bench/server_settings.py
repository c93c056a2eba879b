"""Settings for bench/servers.py: Kring's own, plus an empty view behind the same middleware."""
from kring.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server_urls"
