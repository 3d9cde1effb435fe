"""Rate limits for the public forms that store no address.

The cache holds, per sender, action and window, only a counter under a keyed hash (HMAC with
SECRET_KEY) of the three, which expires with the window: no IP address is ever stored.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def window_key(address: str, *, action: str, window: int) -> str:
    """The cache key for a sender's count of an action in a fixed window (numbered)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{action}|{address}|{window}".encode(), hashlib.sha256
    ).hexdigest()
    return f"rate:{action}:{digest}"


def allow(request: HttpRequest, *, action: str, limit: int, window_seconds: int = 3600) -> bool:
    """Counts this request; False once the sender has made `limit` of them in the window."""
    address = request.META.get("REMOTE_ADDR", "")
    key = window_key(address, action=action, window=int(time.time() // window_seconds))
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_seconds)
        count = 1
    return count <= limit
