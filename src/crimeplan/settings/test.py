"""Tests: a fast password hasher, tasks run at once, any DATABASE_URL (default SQLite)."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or get_random_secret_key()
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WHITENOISE_USE_FINDERS = True
# The rate-limit counters share the default cache's store (the same LOCATION), so the tests
# that empty the cache between them (cache.clear()) empty the counters too.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Its own store, as in every other setting: the tests empty it before each test.
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit",
    },
}
# Tests change data and read pages at once: read the performance data stamp every time.
CRIMEPLAN_DATA_STAMP_SECONDS = 0
# Server-Timing on every response, as bench/http_load.py reads it (off in production).
CRIMEPLAN_SERVER_TIMING = True
# No way out to the internet here: the tests that check web addresses serve them locally and
# turn the check on themselves.
CRIMEPLAN_CHECK_EXTERNAL_LINKS = False
