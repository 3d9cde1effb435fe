"""Settings every environment shares. Everything configurable comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from crimeplan.core.languages import languages_for

PROJECT_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = PROJECT_DIR / "src" / "crimeplan"
VAR_DIR = Path(os.environ.get("CRIMEPLAN_VAR_DIR", PROJECT_DIR / "var"))
CRIMEPLAN_DATA_DIR = Path(os.environ.get("CRIMEPLAN_DATA_DIR", VAR_DIR / "data"))
CRIMEPLAN_SHARED_DATA = Path(
    os.environ.get("CRIMEPLAN_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data")
)
# DuckDB's working memory for imports; it spills to disk beyond this.
CRIMEPLAN_DUCKDB_MEMORY = os.environ.get("CRIMEPLAN_DUCKDB_MEMORY", "1GB")
CRIMEPLAN_MAX_UPLOAD_MB = int(os.environ.get("CRIMEPLAN_MAX_UPLOAD_MB", "500"))
# What an imported file or archive may be before it is refused, and how far an import may
# shrink a month already held (docs/how-to/import-crime-data.md, "Limits").
CRIMEPLAN_IMPORT_MAX_RECORD_BYTES = int(
    os.environ.get("CRIMEPLAN_IMPORT_MAX_RECORD_BYTES", str(64 * 1024))
)
CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT = float(
    os.environ.get("CRIMEPLAN_IMPORT_MAX_SHRINK_PERCENT", "10")
)
CRIMEPLAN_IMPORT_MAX_UNPACKED_MB = int(os.environ.get("CRIMEPLAN_IMPORT_MAX_UNPACKED_MB", "16384"))
CRIMEPLAN_IMPORT_MAX_COMPRESSION_RATIO = int(
    os.environ.get("CRIMEPLAN_IMPORT_MAX_COMPRESSION_RATIO", "100")
)
CRIMEPLAN_IMPORT_MAX_ARCHIVE_MEMBERS = int(
    os.environ.get("CRIMEPLAN_IMPORT_MAX_ARCHIVE_MEMBERS", "6000")
)
CRIMEPLAN_IMPORT_MAX_JSON_MB = int(os.environ.get("CRIMEPLAN_IMPORT_MAX_JSON_MB", "200"))
# Only for a deliberate, reviewed change: lets a migration remove the audit trail's
# append-only triggers or its hash chain (migrating audit back past 0004 or 0002).
CRIMEPLAN_ALLOW_AUDIT_UNPROTECT = os.environ.get("CRIMEPLAN_ALLOW_AUDIT_UNPROTECT") == "1"
NODE_MODULES = Path(os.environ.get("CRIMEPLAN_NODE_MODULES", PROJECT_DIR / "node_modules"))
ASSET_BUILD_DIR = Path(
    os.environ.get("CRIMEPLAN_ASSET_BUILD_DIR", PROJECT_DIR / "build" / "static")
)

# The force area this installation serves (its police.uk id) and the OPCC's name.
CRIMEPLAN_FORCE = os.environ.get("CRIMEPLAN_FORCE", "gloucestershire")
CRIMEPLAN_OPCC_NAME = os.environ.get(
    "CRIMEPLAN_OPCC_NAME", "Office of the Police and Crime Commissioner for Gloucestershire"
)
# Its name in Welsh, shown on Welsh pages where the site offers Welsh (else the name above).
CRIMEPLAN_OPCC_NAME_CY = os.environ.get("CRIMEPLAN_OPCC_NAME_CY", "")
# Published grants in the 360Giving Data Standard: the Office's grant identifier prefix
# (360Giving assigns each publisher one, "360G-..."; until it has one, the default marks the
# data as crimeplan's) and its own organisation identifier (org-id.guide, e.g. "GB-GOR-...").
CRIMEPLAN_360G_PREFIX = os.environ.get("CRIMEPLAN_360G_PREFIX", f"360G-crimeplan-{CRIMEPLAN_FORCE}")
CRIMEPLAN_FUNDER_ORG_ID = os.environ.get("CRIMEPLAN_FUNDER_ORG_ID", f"{CRIMEPLAN_360G_PREFIX}-opcc")
# How long the open-data feed's figures are kept before they are worked out again (seconds).
CRIMEPLAN_OPEN_DATA_SECONDS = int(os.environ.get("CRIMEPLAN_OPEN_DATA_SECONDS", "300"))
CRIMEPLAN_CONTACT_EMAIL = os.environ.get("CRIMEPLAN_CONTACT_EMAIL", "opcc@example.org")
# The site's address, for links in e-mails that scheduled jobs send (they have no request).
CRIMEPLAN_BASE_URL = os.environ.get("CRIMEPLAN_BASE_URL", "http://127.0.0.1:8000")
# Before a plan update is published every web address it links to is fetched, and one that
# does not answer blocks publication; "0" only checks the site's own links and cross-references
# (a machine with no way out to the internet).
CRIMEPLAN_CHECK_EXTERNAL_LINKS = os.environ.get("CRIMEPLAN_CHECK_EXTERNAL_LINKS", "1") != "0"

DEBUG = False
ALLOWED_HOSTS: list[str] = []
# True only in settings/production.py: demonstration commands refuse to run there.
CRIMEPLAN_IS_PRODUCTION = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_tasks_db",
    # The API docs page serves Swagger UI's files from the package, never from a CDN.
    "ninja",
    "crimeplan.core",
    "crimeplan.accounts",
    "crimeplan.audit",
    "crimeplan.geography",
    "crimeplan.crime_data",
    "crimeplan.performance",
    "crimeplan.delivery",
    "crimeplan.asb_reviews",
    "crimeplan.voice",
    "crimeplan.commissioning",
    "crimeplan.scrutiny",
    "crimeplan.partnerships",
    "crimeplan.complaint_reviews",
    "crimeplan.victims_code",
    "crimeplan.recommendations",
    # The shell last: its pages and commands span every module above.
    "crimeplan.site",
]

MIDDLEWARE = [
    "crimeplan.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "crimeplan.core.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the visitor's choice (cookie), else their browser's, among LANGUAGES.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff pages stay English: whoever is signed in gets English, the cookie notwithstanding.
    "crimeplan.core.middleware.SignedInInEnglishMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "crimeplan.accounts.middleware.RequireMfaForStaffMiddleware",
    # Last, so it knows who is signed in, and still before any view or CSRF check reads a body.
    "crimeplan.core.request_size.RequestSizeLimitMiddleware",
]

# Server-Timing on every response (core/middleware.py) tells a load test the server's own
# time; on locally and in tests, off in production, where it would tell anyone how long each
# query took.
CRIMEPLAN_SERVER_TIMING = False

# Content-Security-Policy (Django's own): scripts, styles, fonts and images from this site
# only, no inline script or style attribute, no plugins, never framed, forms posted here only.
# Charts and maps are inline SVG whose colours are presentation attributes (fill, stroke),
# which style-src does not govern; the TOTP set-up page shows its QR code as a data: image.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "crimeplan.urls"
WSGI_APPLICATION = "crimeplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "crimeplan.site.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'crimeplan.sqlite3'}"),
        conn_max_age=int(os.environ.get("CRIMEPLAN_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; busy_timeout waits for a lock
    # instead of failing at once. synchronous=NORMAL, as SQLite advises with WAL: a commit
    # no longer waits for the disk (a power cut may lose the last commits, never corrupt
    # the database), which made an import's one commit take a third of a second.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            )
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:staff_home"

# Accounts are created by an OPCC administrator, never by self-registration.
ACCOUNT_ADAPTER = "crimeplan.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Failed sign-ins are throttled per address and per account (allauth's rate limits).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# How many reverse proxies stand in front of gunicorn, each appending the address it was
# connected from to X-Forwarded-For: sign-in and public-form limits count the client that the
# outermost one saw (core.ratelimit.client_address), never the proxy. 0: no proxy, count the
# connecting address and ignore X-Forwarded-For (docs/how-to/deploy.md, "Reverse proxy").
CRIMEPLAN_TRUSTED_PROXY_COUNT = int(os.environ.get("CRIMEPLAN_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = CRIMEPLAN_TRUSTED_PROXY_COUNT
# allauth counts an IPv6 sender by its /64 by default; the /48 the public forms use too
# (core/ratelimit.py says why) stops a sender stepping through its site's /64s.
ALLAUTH_RATE_LIMIT_IPV6_PREFIX = 48
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "crimeplan"

SESSION_COOKIE_AGE = int(os.environ.get("CRIMEPLAN_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
# English, and Welsh for a Welsh force or where CRIMEPLAN_LANGUAGES asks (core/languages.py).
LANGUAGES = languages_for(CRIMEPLAN_FORCE, os.environ.get("CRIMEPLAN_LANGUAGES"))
LOCALE_PATHS = [SRC_DIR / "locale"]
# The visitor's choice, remembered for a year; read by LocaleMiddleware.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CRIMEPLAN_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [
    ASSET_BUILD_DIR,
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("fonts", NODE_MODULES / "@fontsource" / "atkinson-hyperlegible" / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("CRIMEPLAN_MEDIA_ROOT", VAR_DIR / "media"))

# The public forms' rate-limit counters (core/ratelimit.py) live in Redis when
# CRIMEPLAN_REDIS_URL is set (shared by every gunicorn worker), else in each process's memory;
# never in the database, where an expired counter stays in the table and in its backups.
CRIMEPLAN_REDIS_URL = os.environ.get("CRIMEPLAN_REDIS_URL", "")
RATELIMIT_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CRIMEPLAN_REDIS_URL}
    if CRIMEPLAN_REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": RATELIMIT_CACHE,
}
# Production's shared default cache (sign-in limits) where there is no Redis: room for enough
# entries that a flood of new ones cannot cull the live counters (Django's default culls a
# third of them once past 300). `crimeplan createcachetable` makes its table.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "crimeplan_cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

# Request bodies. Someone who is not signed in may send at most CRIMEPLAN_PUBLIC_UPLOAD_MB
# (the public grant application's largest attachment) and a signed-in user
# CRIMEPLAN_MAX_UPLOAD_MB; a larger request is refused from its Content-Length before its body
# is read (core/request_size.py). Files up to the public limit are held in memory, so one the
# form then refuses never reaches the disk.
CRIMEPLAN_PUBLIC_UPLOAD_MB = int(os.environ.get("CRIMEPLAN_PUBLIC_UPLOAD_MB", "10"))
FILE_UPLOAD_MAX_MEMORY_SIZE = CRIMEPLAN_PUBLIC_UPLOAD_MB * 1024 * 1024 + 64 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, for the form fields: 2.5 MB
# The public grant application: attachments and their bytes per draft, attachment uploads
# per network an hour.
CRIMEPLAN_GRANT_ATTACHMENTS_PER_DRAFT = int(
    os.environ.get("CRIMEPLAN_GRANT_ATTACHMENTS_PER_DRAFT", "10")
)
CRIMEPLAN_GRANT_ATTACHMENT_MB_PER_DRAFT = int(
    os.environ.get("CRIMEPLAN_GRANT_ATTACHMENT_MB_PER_DRAFT", "30")
)
CRIMEPLAN_GRANT_ATTACHMENT_UPLOADS_PER_HOUR = int(
    os.environ.get("CRIMEPLAN_GRANT_ATTACHMENT_UPLOADS_PER_HOUR", "30")
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("CRIMEPLAN_FROM_EMAIL", "crimeplan@example.org")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Nothing about a request to the anonymous report form is logged (core/request_logs.py),
    # and no e-mail address or phone number is, whatever logs it (core/personal.py).
    "filters": {
        "anonymous_forms": {"()": "crimeplan.core.request_logs.AnonymousFormsFilter"},
        "personal_values": {"()": "crimeplan.core.personal.PersonalValuesLogFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["anonymous_forms", "personal_values"],
        },
    },
    "loggers": {
        # Django's own handlers (its console when debugging, e-mail to ADMINS with the
        # request's headers, runserver's request lines) are replaced by the filtered console.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CRIMEPLAN_LOG_LEVEL", "INFO")},
}


def _retention_days(kind: str, default: int | None) -> int | None:
    """A retention period in days: CRIMEPLAN_RETAIN_<KIND>_DAYS, or the default."""
    value = os.environ.get(f"CRIMEPLAN_RETAIN_{kind.upper()}_DAYS", "")
    return int(value) if value.strip() else default


# The retention schedule (docs/retention.md): how many days each kind of personal data is
# kept, counted from the date the schedule names, before `crimeplan retention apply` (daily)
# deletes or anonymises it. None for ASB cases means the area's rule file decides
# ([retention] closed_case_months).
CRIMEPLAN_RETENTION: dict[str, int | None] = {
    "asb_cases": _retention_days("asb_cases", None),
    "complaint_reviews": _retention_days("complaint_reviews", 6 * 365),
    "grant_drafts": _retention_days("grant_drafts", 90),
    "grant_applications_unsuccessful": _retention_days("grant_applications_unsuccessful", 730),
    "grant_applications_funded": _retention_days("grant_applications_funded", 6 * 365),
    "volunteers_left": _retention_days("volunteers_left", 365),
    "custody_visit_reports": _retention_days("custody_visit_reports", 3 * 365),
    "custody_visit_issues": _retention_days("custody_visit_issues", 3 * 365),
    "import_files": _retention_days("import_files", 90),
    # An e-mail address an unsafe-place reporter gave for the one follow-up message.
    "voice_follow_ups": _retention_days("voice_follow_ups", 180),
    "accounts_ended": _retention_days("accounts_ended", 365),
}
