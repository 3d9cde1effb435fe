"""The public forms' rate limit: counts per sender, action and window, and stores no address."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from crimeplan.core import ratelimit


@pytest.fixture(autouse=True)
def empty_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _from(address: str):  # type: ignore[no-untyped-def]
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_the_limit_counts_each_sender_and_action_apart() -> None:
    sender, other = _from("203.0.113.7"), _from("198.51.100.9")
    assert [ratelimit.allow(sender, action="a", limit=3) for _ in range(4)] == [
        True, True, True, False,
    ]  # fmt: skip
    assert ratelimit.allow(other, action="a", limit=3)
    assert ratelimit.allow(sender, action="b", limit=3)


def test_a_new_window_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    sender = _from("203.0.113.7")
    assert ratelimit.allow(sender, action="a", limit=1, window_seconds=60)
    assert not ratelimit.allow(sender, action="a", limit=1, window_seconds=60)
    now[0] += 60
    assert ratelimit.allow(sender, action="a", limit=1, window_seconds=60)


def test_no_address_is_stored_in_the_key() -> None:
    key = ratelimit.window_key("203.0.113.7", action="apply", window=5)
    assert key.startswith("rate:apply:") and len(key.split(":")[-1]) == 64
    assert "203.0.113.7" not in key
    # Keyed: the same address gives different keys in another window or for another action.
    assert key != ratelimit.window_key("203.0.113.7", action="apply", window=6)
    assert key != ratelimit.window_key("203.0.113.7", action="other", window=5)
