"""Development on one machine: SQLite under var/, debug pages, e-mail to the console."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("CRIMEPLAN_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _local_secret_key() -> str:
    """A random key made once per checkout and kept under var/, so no secret has a default."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Server-Timing on every response, as bench/http_load.py reads it (off in production).
CRIMEPLAN_SERVER_TIMING = True
