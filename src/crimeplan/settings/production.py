"""Production: refuses to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.

Runs under gunicorn behind a TLS-terminating proxy that sets X-Forwarded-Proto, with
PostgreSQL and one or more `crimeplan db_worker` processes.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CRIMEPLAN_REDIS_URL, DATABASE_CACHE, RATELIMIT_CACHE

_REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
_missing = [name for name in _REQUIRED if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "CRIMEPLAN_ENV=production needs these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
CRIMEPLAN_IS_PRODUCTION = True
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [host.strip() for host in os.environ["ALLOWED_HOSTS"].split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]
# Links in scheduled e-mails: the site's address, else the first named host, never localhost.
CRIMEPLAN_BASE_URL = os.environ.get("CRIMEPLAN_BASE_URL") or (
    CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else ""
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("CRIMEPLAN_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("CRIMEPLAN_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Shared by every gunicorn worker, so that sign-in throttling counts all attempts: Redis when
# CRIMEPLAN_REDIS_URL is set, else the database (run `crimeplan createcachetable` once when
# deploying). The public forms' counters are never in the database: they use the "ratelimit"
# cache of settings/base.py.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CRIMEPLAN_REDIS_URL}
        if CRIMEPLAN_REDIS_URL
        else DATABASE_CACHE
    ),
    "ratelimit": RATELIMIT_CACHE,
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "CRIMEPLAN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "0") == "1",
        },
    }
}
