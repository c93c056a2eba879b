"""Settings for the daphne server the browser tests start: Kring's own, with the test
database and the fast password hasher the test process uses."""
from kring.settings import *  # noqa: F401,F403
from kring.settings import DATABASES

DATABASES["default"]["NAME"] = DATABASES["default"]["TEST"]["NAME"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
