"""Sign-in limits behind the TLS proxy, and on the database cache production falls back to.

Behind the proxy every request connects from the proxy's address: counted by that, ten wrong
passwords from anyone locked everyone out. The client is read from X-Forwarded-For as the
trusted proxy wrote it (core.ratelimit.client_address, through the account adapter)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import PASSWORD, OrganisationFactory, member

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"
THROTTLED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def analyst():  # type: ignore[no-untyped-def]
    opcc = OrganisationFactory(kind=OrganisationKind.OPCC)
    return member(Role.OPCC_ANALYST, opcc, email="analyst@example.org")


def _sign_in(client, email: str, password: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        **headers,
    )


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=1)
def test_one_clients_failures_behind_the_proxy_do_not_lock_out_another(client, analyst) -> None:  # type: ignore[no-untyped-def]
    attacker = "203.0.113.7"
    # Ten wrong passwords (for ten accounts, so that only the per-address limit applies).
    for n in range(10):
        page = _sign_in(client, f"nobody{n}@example.org", "wrong password", attacker)
        assert THROTTLED not in page.content.decode()
    assert THROTTLED in _sign_in(client, "nobody@example.org", "x", attacker).content.decode()
    # Writing another address in front of its own does not free the attacker.
    spoofed = _sign_in(client, "nobody@example.org", "x", f"198.51.100.50, {attacker}")
    assert THROTTLED in spoofed.content.decode()
    # The analyst, behind the same proxy, signs in.
    response = _sign_in(client, analyst.email, PASSWORD, "198.51.100.9")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")


def test_on_the_database_cache_the_sign_in_limit_holds_for_its_whole_window(
    client, analyst
) -> None:  # type: ignore[no-untyped-def]
    """Production without Redis keeps sign-in counters in the database cache: five failures
    lock the account for five minutes, not less, and a flood of other entries (up to what a
    sender could make in that time) does not cull its counter."""
    start = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)
    with (
        override_settings(CACHES={"default": settings.DATABASE_CACHE}),
        time_machine.travel(start, tick=False) as clock,
    ):
        call_command("createcachetable", verbosity=0)
        for _ in range(5):
            _sign_in(client, analyst.email, "wrong password")
        for seconds in (1, 120, 290):
            clock.move_to(start + datetime.timedelta(seconds=seconds))
            assert THROTTLED in _sign_in(client, analyst.email, PASSWORD).content.decode()
        for n in range(400):
            caches["default"].set(f"flood:{n}", n, 300)
        assert THROTTLED in _sign_in(client, analyst.email, PASSWORD).content.decode()
        clock.move_to(start + datetime.timedelta(seconds=301))
        response = _sign_in(client, analyst.email, PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
        caches["default"].clear()


@override_settings(CRIMEPLAN_TRUSTED_PROXY_COUNT=1)
def test_the_database_cache_keeps_a_network_never_an_address_and_is_purged_daily(
    client, analyst, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Without Redis, allauth's sign-in counters are rows of the database cache: they name
    the client's /24, not its address, and `crimeplan retention apply` deletes them once
    expired (Django's cache would only when a key is read again or the table is full)."""
    from django.db import connection

    start = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)
    with (
        override_settings(CACHES={"default": settings.DATABASE_CACHE}),
        time_machine.travel(start, tick=False) as clock,
    ):
        call_command("createcachetable", verbosity=0)
        for _ in range(3):
            _sign_in(client, analyst.email, "wrong password", "203.0.113.77")
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM crimeplan_cache")
            keys = [row[0] for row in cursor.fetchall()]
        assert any("203.0.113.0/24" in key for key in keys), keys
        assert not any("203.0.113.77" in key for key in keys), keys

        clock.move_to(start + datetime.timedelta(seconds=30))  # none has run out yet
        call_command("retention", "apply")
        assert "removed from the database cache: 0" in capsys.readouterr().out
        clock.move_to(start + datetime.timedelta(hours=1))
        call_command("retention", "apply")
        assert f"removed from the database cache: {len(keys)}" in capsys.readouterr().out
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM crimeplan_cache")
            assert cursor.fetchone()[0] == 0
