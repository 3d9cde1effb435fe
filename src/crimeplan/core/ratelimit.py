"""Rate limits for the public forms, counted so that no counter names one sender.

Who is counting: the client's address as the trusted reverse proxy saw it (`client_address`,
which allauth's sign-in limits use too), never an address a client wrote into its own
X-Forwarded-For. What is counted: the client's network, not its address: the IPv4 /24 or
IPv6 /48 around it (`network_of`). Where: the "ratelimit" cache, which is Redis or each
process's memory and never the database (a system check refuses a cache that writes to the
database or to disk). How long: a counter is keyed by its fixed window and expires when the
window ends. Forms check the limit first (`limit_reached`) and count only what they accepted
(`record`), so a mistyped form never uses up a sender's allowance.
"""

import hashlib
import hmac
import ipaddress
import math
import time
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.cache import BaseCache, caches
from django.http import HttpRequest

CACHE_ALIAS = "ratelimit"
HOUR = 3600
# A /24 is the smallest IPv4 block routed on the internet and holds 256 addresses; a /48 is
# what an IPv6 site (a business, often a home) is given, while a /64 is one household's own
# network. Either is wide enough that a counter does not point at one subscriber, and narrow
# enough that a sender cannot step out of it by changing address within what its provider
# gave it. The cost: people who share a network share its allowance (see docs/how-to/voice.md).
IPV4_PREFIX = 24
IPV6_PREFIX = 48
UNKNOWN_NETWORK = "unknown"
# Backends that keep what they are given in the database or in files: a counter there outlives
# its window (expired rows stay until culled) and a database backup keeps it for ever.
PERSISTENT_BACKENDS = (
    "django.core.cache.backends.db.DatabaseCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    With CRIMEPLAN_TRUSTED_PROXY_COUNT = n > 0 proxies in front of the application, each
    appending the address it was connected from to X-Forwarded-For, the client is the n-th
    entry from the right: entries to its left were written by the client itself and are never
    believed. With fewer entries than proxies, the leftmost; with none (a request that did not
    come through the proxies), or an entry that is not an address, the connecting address.
    """
    connecting = str(request.META.get("REMOTE_ADDR", ""))
    trusted = int(getattr(settings, "CRIMEPLAN_TRUSTED_PROXY_COUNT", 0))
    if trusted <= 0:
        return connecting
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return connecting
    chosen = hops[-trusted] if len(hops) >= trusted else hops[0]
    try:
        return str(ipaddress.ip_address(chosen))
    except ValueError:
        return connecting


def network_of(address: str) -> str:
    """The network an address is counted in: its IPv4 /24 or IPv6 /48 (an IPv4 address
    written as IPv6 counts as IPv4)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return UNKNOWN_NETWORK
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def window_key(network: str, *, action: str, window: int) -> str:
    """The cache key of a network's count of an action in a numbered window. The network is
    hashed with SECRET_KEY so that the cache's keys do not show it to whoever lists them; it
    is the coarse network, not the hash, that keeps the count from naming a sender."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{action}|{network}|{window}".encode(), hashlib.sha256
    ).hexdigest()
    return f"rate:{action}:{digest}"


def counters() -> BaseCache:
    return caches[CACHE_ALIAS]


def _window(request: HttpRequest, *, action: str, window_seconds: int) -> tuple[str, int]:
    """This request's counter key, and the seconds left until its window ends."""
    now = time.time()
    window = int(now // window_seconds)
    key = window_key(network_of(client_address(request)), action=action, window=window)
    return key, max(1, math.ceil((window + 1) * window_seconds - now))


def limit_reached(
    request: HttpRequest, *, action: str, limit: int, window_seconds: int = HOUR
) -> bool:
    """True when the sender's network has already had `limit` accepted this window."""
    key, _left = _window(request, action=action, window_seconds=window_seconds)
    return int(counters().get(key) or 0) >= limit


def record(request: HttpRequest, *, action: str, window_seconds: int = HOUR) -> int:
    """Counts one accepted action for the sender's network; returns the count so far."""
    key, left = _window(request, action=action, window_seconds=window_seconds)
    store = counters()
    # add() sets the expiry once, at the window's end; incr() keeps it (Redis INCR and the
    # in-memory cache do, which is why the database cache, whose incr() re-sets it, is refused).
    if store.add(key, 1, left):
        return 1
    try:
        return int(store.incr(key))
    except ValueError:  # expired between add and incr: this is the new window's first
        store.add(key, 1, left)
        return 1


def allow(request: HttpRequest, *, action: str, limit: int, window_seconds: int = HOUR) -> bool:
    """Counts this request and says whether it is within the limit: for actions where every
    attempt costs (an upload, a new draft), not for forms whose mistakes should not count."""
    if limit_reached(request, action=action, limit=limit, window_seconds=window_seconds):
        return False
    record(request, action=action, window_seconds=window_seconds)
    return True


@checks.register(checks.Tags.caches)
def check_counters_are_not_kept(**kwargs: Any) -> list[checks.CheckMessage]:
    """The rate-limit cache must exist and must not write to the database or to disk."""
    configured = settings.CACHES.get(CACHE_ALIAS)
    if configured is None:
        return [
            checks.Error(
                f'CACHES has no "{CACHE_ALIAS}" cache for the public forms\' rate limits',
                hint="Use Redis (CRIMEPLAN_REDIS_URL) or LocMemCache.",
                id="crimeplan.E101",
            )
        ]
    if configured.get("BACKEND") in PERSISTENT_BACKENDS:
        return [
            checks.Error(
                f'The "{CACHE_ALIAS}" cache must not keep counters in the database or in files',
                hint="Use Redis (CRIMEPLAN_REDIS_URL) or LocMemCache.",
                id="crimeplan.E102",
            )
        ]
    return []


def purge_expired_database_cache(alias: str = "default") -> int:
    """Deletes the expired entries of a database cache (production's sign-in counters where
    there is no Redis), which Django's DatabaseCache removes only when a key is read again or
    the table is full. Returns how many went; 0 for any other kind of cache."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connections, router
    from django.utils import timezone

    cache = caches[alias]
    if not isinstance(cache, DatabaseCache):
        return 0
    database = router.db_for_write(cache.cache_model_class)
    connection = connections[database]
    table = connection.ops.quote_name(str(getattr(cache, "_table")))  # noqa: B009 - not in the stubs
    now = timezone.now().replace(microsecond=0)
    expired = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        # The table is the cache setting's own name, quoted; the time is a parameter.
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [expired])  # noqa: S608
        return max(cursor.rowcount, 0)
