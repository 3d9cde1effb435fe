"""The public forms' rate limit: who is counted (the client behind the trusted proxy), what is
kept (a counter per coarse network, expiring with its window, never in the database), and
that it holds against the caches a deployment uses: Redis and each process's memory."""

import datetime
import os
import subprocess
import sys
import uuid

import pytest
import redis
import time_machine
from django.core import checks
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from crimeplan.core import ratelimit

REDIS_URL = os.environ.get("CRIMEPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# A moment 10 seconds into an hour's window, so that a whole window lies ahead.
START_OF_A_WINDOW = datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def empty_counters():  # type: ignore[no-untyped-def]
    caches[ratelimit.CACHE_ALIAS].clear()
    yield
    caches[ratelimit.CACHE_ALIAS].clear()


def _from(address: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=address, **extra)


# Who is counted ------------------------------------------------------------------------------


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_connecting_address_counts_and_forwarded_for_is_ignored() -> None:
    assert ratelimit.client_address(_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_the_proxy_saw_counts() -> None:
    proxy = "10.0.0.2"
    assert ratelimit.client_address(_from(proxy, "203.0.113.7")) == "203.0.113.7"
    # Entries the client wrote itself come before the proxy's, and are never believed.
    assert ratelimit.client_address(_from(proxy, "1.2.3.4, 5.6.7.8, 203.0.113.7")) == (
        "203.0.113.7"
    )
    # Not through the proxy (no header), or a header the proxy would never write: the
    # connecting address.
    assert ratelimit.client_address(_from(proxy)) == proxy
    assert ratelimit.client_address(_from(proxy, "not-an-address")) == proxy


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_ones_entry_counts() -> None:
    assert ratelimit.client_address(_from("10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2")) == (
        "203.0.113.7"
    )
    assert ratelimit.client_address(_from("10.0.0.3", "203.0.113.7")) == "203.0.113.7"


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=1)
def test_two_clients_behind_one_proxy_are_counted_apart_and_cannot_spoof_out() -> None:
    proxy = "10.0.0.2"
    first, second = "203.0.113.7", "198.51.100.9"
    for _ in range(3):
        assert ratelimit.allow(_from(proxy, first), action="a", limit=3)
    assert not ratelimit.allow(_from(proxy, first), action="a", limit=3)
    assert ratelimit.allow(_from(proxy, second), action="a", limit=3)
    # The first client adds an address of its own choosing: still counted as itself.
    assert not ratelimit.allow(_from(proxy, f"192.0.2.55, {first}"), action="a", limit=3)


# What is kept ---------------------------------------------------------------------------------


def test_a_counter_is_for_a_network_not_an_address() -> None:
    assert ratelimit.network_of("203.0.113.77") == "203.0.113.0/24"
    assert ratelimit.network_of("2001:db8:abcd:12:1:2:3:4") == "2001:db8:abcd::/48"
    assert ratelimit.network_of("::ffff:203.0.113.77") == "203.0.113.0/24"
    assert ratelimit.network_of("") == ratelimit.UNKNOWN_NETWORK
    # Two addresses in one /24 share an allowance; the next /24 has its own.
    assert ratelimit.allow(_from("203.0.113.7"), action="a", limit=1)
    assert not ratelimit.allow(_from("203.0.113.200"), action="a", limit=1)
    assert ratelimit.allow(_from("203.0.114.7"), action="a", limit=1)


def test_no_address_or_network_is_in_the_key() -> None:
    key = ratelimit.window_key("203.0.113.0/24", action="apply", window=5)
    assert key.startswith("rate:apply:") and len(key.split(":")[-1]) == 64
    assert "203.0.113" not in key
    assert key != ratelimit.window_key("203.0.113.0/24", action="apply", window=6)
    assert key != ratelimit.window_key("203.0.113.0/24", action="other", window=5)


def test_checking_the_limit_counts_nothing_only_recording_does() -> None:
    sender = _from("203.0.113.7")
    for _ in range(10):
        assert not ratelimit.limit_reached(sender, action="a", limit=2)
    assert ratelimit.record(sender, action="a") == 1
    assert ratelimit.record(sender, action="a") == 2
    assert ratelimit.limit_reached(sender, action="a", limit=2)


def test_a_counter_expires_when_its_window_ends() -> None:
    """In this process's memory (the fallback without Redis): the counter is gone, not merely
    superseded, once its window is over."""
    sender = _from("203.0.113.7")
    with time_machine.travel(START_OF_A_WINDOW, tick=False) as clock:
        ratelimit.record(sender, action="a")
        key, left = ratelimit._window(sender, action="a", window_seconds=ratelimit.HOUR)
        assert left == 3600 - 10
        assert caches[ratelimit.CACHE_ALIAS].get(key) == 1
        clock.shift(datetime.timedelta(seconds=left - 1))
        assert caches[ratelimit.CACHE_ALIAS].get(key) == 1
        assert ratelimit.limit_reached(sender, action="a", limit=1)
        clock.shift(datetime.timedelta(seconds=2))
        assert caches[ratelimit.CACHE_ALIAS].get(key) is None
        assert not ratelimit.limit_reached(sender, action="a", limit=1)


def test_the_limit_holds_for_the_whole_window_not_five_minutes() -> None:
    """The database cache's incr() re-set a counter's expiry to its default 5 minutes, so
    "5 an hour" became 5 every 5 minutes. Here: the limit still holds 59 minutes on."""
    sender = _from("203.0.113.7")
    with time_machine.travel(START_OF_A_WINDOW, tick=False) as clock:
        for _ in range(5):
            assert ratelimit.allow(sender, action="a", limit=5)
        for minutes in (6, 20, 59):
            clock.move_to(START_OF_A_WINDOW + datetime.timedelta(minutes=minutes))
            assert not ratelimit.allow(sender, action="a", limit=5)
        clock.move_to(START_OF_A_WINDOW + datetime.timedelta(hours=1))
        assert ratelimit.allow(sender, action="a", limit=5)


# Redis, as a deployment with CRIMEPLAN_REDIS_URL uses it ------------------------------------


@pytest.fixture
def redis_counters():  # type: ignore[no-untyped-def]
    """The "ratelimit" cache on the real Redis at CRIMEPLAN_TEST_REDIS_URL, under a key prefix
    of this test's own, removed afterwards (other tests may share the server)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:  # pragma: no cover - Redis runs on every machine
        pytest.fail(f"Redis is not running at {REDIS_URL}: {error}")
    prefix = f"crimeplan-test-{uuid.uuid4().hex}"
    cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": cache, ratelimit.CACHE_ALIAS: cache}):
        yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_on_redis_the_counter_expires_with_its_window_and_incr_keeps_that(
    redis_counters,  # type: ignore[no-untyped-def]
) -> None:
    client, prefix = redis_counters
    sender = _from("203.0.113.7")
    with time_machine.travel(START_OF_A_WINDOW, tick=False):
        for expected in range(1, 6):
            assert ratelimit.record(sender, action="a") == expected
        assert ratelimit.limit_reached(sender, action="a", limit=5)
        key, left = ratelimit._window(sender, action="a", window_seconds=ratelimit.HOUR)
    stored = [k.decode() for k in client.scan_iter(f"{prefix}:*")]
    assert len(stored) == 1 and stored[0].endswith(key)
    # Redis counts down the expiry set when the window's first report was counted: the rest
    # of the hour, never re-set to a default by the increments that followed.
    assert left - 5 <= client.ttl(stored[0]) <= left
    assert int(client.get(stored[0])) == 5
    assert "203.0.113" not in stored[0]


def test_on_redis_two_networks_are_counted_apart(redis_counters) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        assert ratelimit.allow(_from("203.0.113.7"), action="a", limit=2)
    assert not ratelimit.allow(_from("203.0.113.8"), action="a", limit=2)
    assert ratelimit.allow(_from("2001:db8:1::1"), action="a", limit=2)


# Configuration ------------------------------------------------------------------------------


def test_a_database_cache_for_the_counters_is_refused() -> None:
    database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": memory, ratelimit.CACHE_ALIAS: database}):
        assert _cache_check_ids() == ["crimeplan.E102"]
    with override_settings(CACHES={"default": memory}):
        assert _cache_check_ids() == ["crimeplan.E101"]
    assert _cache_check_ids() == []


def _cache_check_ids() -> list[str]:
    """What the registered checks on caches say (as `crimeplan check` runs them)."""
    return [m.id for m in checks.run_checks(tags=[checks.Tags.caches]) if m.id.startswith("crim")]


def _production_caches(tmp_path, **env: str) -> str:  # type: ignore[no-untyped-def]
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CRIMEPLAN_REDIS_URL"}
    }
    environment |= {
        "CRIMEPLAN_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "crimeplan.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    show = (
        "from django.conf import settings; c = settings.CACHES; "
        "print(c['default']['BACKEND'], c['ratelimit']['BACKEND'], "
        "settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "crimeplan.cli", "shell", "-c", show],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split("\n")[-2]


def test_production_never_keeps_the_counters_in_the_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    default, counters, proxies = _production_caches(tmp_path).split()
    assert default.endswith("DatabaseCache") and counters.endswith("LocMemCache")
    assert proxies == "0"
    default, counters, proxies = _production_caches(
        tmp_path, CRIMEPLAN_REDIS_URL=REDIS_URL, CRIMEPLAN_TRUSTED_PROXY_COUNT="1"
    ).split()
    assert default.endswith("RedisCache") and counters.endswith("RedisCache")
    assert proxies == "1"
