"""A rate limit for the public form that stores no address: the cache holds only a keyed hash
of the sender's address and the day, which expires with the window."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 3600


def allow(request: HttpRequest, *, action: str) -> bool:
    """Counts this request; False once the sender has used up the window."""
    address = request.META.get("REMOTE_ADDR", "")
    day = datetime.datetime.now(datetime.UTC).date().isoformat()
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{action}|{address}|{day}".encode(), hashlib.sha256
    ).hexdigest()
    key = f"voice-rate:{action}:{digest}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= REPORTS_PER_WINDOW
