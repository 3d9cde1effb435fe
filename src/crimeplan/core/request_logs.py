"""What the server's and the application's logs may say about a request.

The anonymous unsafe-place report form promises its sender that nothing records their
address, browser or the time they sent it. So requests to it (its page, its confirmation and
the script only it loads) leave no line in gunicorn's access log, and Django's loggers drop
what they would say about them. Every other request is logged without the client's address,
user agent or referrer, and with the secrets some addresses carry (a grant application's
save-and-return token, a password-reset key) masked.

gunicorn.conf.py names `ServerLogger`; settings.LOGGING names `AnonymousFormsFilter`. This
module imports nothing from Django, so that gunicorn's master process can load it.
"""

import logging
import re
import traceback
from typing import Any

from gunicorn.glogging import Logger

# Paths whose requests are never logged: the form, its confirmation (both under this prefix),
# and the form's own map script (a hashed name such as report-map.3f2a1c.js in production).
# A test checks them against the URL configuration.
# Without the form's trailing slash too: an address typed from a leaflet is redirected to it.
ANONYMOUS_PATHS = ("/voice/report-an-unsafe-place", "/static/voice/report-map.")
MASK = "[secret]"
_SECRETS_IN_PATHS = [
    # A public grant application's draft, addressed by its save-and-return token.
    re.compile(r"(/grants/apply/)(?!rounds/)[^/\s?\"]+"),
    # allauth's password-reset link: /accounts/password/reset/key/<uidb36>-<key>/
    re.compile(r"(/password/reset/key/)[^/\s?\"]+"),
]
# A client address in gunicorn's own messages ("Invalid request from ip=203.0.113.7: ...").
_ADDRESS_IN_MESSAGE = re.compile(r"\bip=\S+")
# Atoms of gunicorn's access-log format that always name the client, whatever format is set.
_CLIENT_ATOMS = ("h", "l", "u", "a", "f")


def is_anonymous_path(path: str) -> bool:
    return any(anonymous in path for anonymous in ANONYMOUS_PATHS)


def masked(text: str) -> str:
    """The text with the secrets that request paths carry replaced by "[secret]"."""
    for pattern in _SECRETS_IN_PATHS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


def _error_summary(record: logging.LogRecord) -> str:
    """Where a server error on an anonymous form happened (exception type and innermost
    frame), without its message, which may quote what the sender typed."""
    if not record.exc_info or record.exc_info[1] is None:
        return "Server error on an anonymous form"
    error = record.exc_info[1]
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"Server error on an anonymous form: {type(error).__name__}{where}"


class AnonymousFormsFilter(logging.Filter):
    """For Django's log handlers: drops records about a request to an anonymous form, keeps
    a server error there as a bare summary (no request, no message, no path), and masks
    secrets in the paths other records name."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = str(getattr(request, "path", "") or "")
        message = record.getMessage()
        if is_anonymous_path(path) or is_anonymous_path(message):
            if record.levelno < logging.ERROR:
                return False
            record.msg, record.args = _error_summary(record), ()
            record.exc_info = record.exc_text = record.stack_info = None
            record.request = None
            return True
        hidden = masked(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True


class _ServerErrorFilter(logging.Filter):
    """For gunicorn's error log: no client address, no anonymous form's path, no secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = masked(_ADDRESS_IN_MESSAGE.sub("ip=-", message))
        if is_anonymous_path(cleaned):
            cleaned = "Error handling a request to an anonymous form"
            record.exc_info = record.exc_text = None
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class ServerLogger(Logger):
    """gunicorn's logger, minus the client: no access-log line for an anonymous form, and
    for other requests no address, user agent, referrer, header or environment value, even
    where a format asks for one (such atoms log "-")."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for existing in [f for f in self.error_log.filters if isinstance(f, _ServerErrorFilter)]:
            self.error_log.removeFilter(existing)
        self.error_log.addFilter(_ServerErrorFilter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        path = str(environ.get("RAW_URI") or environ.get("PATH_INFO") or "")
        if is_anonymous_path(path):
            return
        super().access(resp, req, environ, request_time)

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]:
        everything = super().atoms(resp, req, environ, request_time)
        # Request headers ({name}i) and environment values ({name}e) include X-Forwarded-For,
        # REMOTE_ADDR, cookies and the user agent: none is kept.
        kept = {
            key: value
            for key, value in everything.items()
            if not (key.startswith("{") and key.endswith(("}i", "}e"))) and key not in _CLIENT_ATOMS
        }
        for key in ("r", "U", "q"):
            if isinstance(kept.get(key), str):
                kept[key] = masked(kept[key])
        return kept
