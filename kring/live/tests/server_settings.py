"""Settings for the daphne server the browser tests start: Kring's own, on the test
database the test process made (its name comes in KRING_TEST_DB_NAME), with the fast
password hasher the test process uses."""
import os

from kring.settings import *  # noqa: F403
from kring.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["KRING_TEST_DB_NAME"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
