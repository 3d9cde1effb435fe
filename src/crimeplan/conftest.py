"""Fixtures shared by every app's tests, and the clock every test runs at."""

import datetime
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from crimeplan.geography import loader
from crimeplan.geography.models import Force

# Hypothesis's timing checks (a deadline for each example, "input generation is slow") fail
# when the machine is busy, not when a result is wrong; the suite never fails on a timing.
hypothesis_settings.register_profile(
    "crimeplan", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("crimeplan")

# Every test starts at the same instant and the clock ticks on from it, so a test that passes
# today passes on any day. An ordinary weekday morning by default; set CRIMEPLAN_TEST_NOW
# (ISO 8601 with a UTC offset, e.g. 2028-02-29T23:30:00+00:00) to run the suite at another
# instant. Only this process's clock is moved: Chromium, PostgreSQL, Redis and the files'
# times keep the real one, so code never asks a database for the time.
DEFAULT_TEST_NOW = "2026-11-18T10:30:00+00:00"


def pinned_instant(value: str | None = None) -> datetime.datetime:
    """The instant tests start at: `value`, else CRIMEPLAN_TEST_NOW, else the default."""
    text = value or os.environ.get("CRIMEPLAN_TEST_NOW") or DEFAULT_TEST_NOW
    try:
        instant = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(
            f"CRIMEPLAN_TEST_NOW={text!r} is not an ISO 8601 date and time, "
            "e.g. 2028-02-29T23:30:00+00:00"
        ) from None
    if instant.tzinfo is None:
        raise pytest.UsageError(
            f"CRIMEPLAN_TEST_NOW={text!r} needs a UTC offset, e.g. 2028-02-29T23:30:00+00:00"
        )
    return instant


def pytest_configure() -> None:
    pinned_instant()  # a mistyped CRIMEPLAN_TEST_NOW stops the run before any test


def pytest_report_header() -> str:
    return f"clock: every test starts at {pinned_instant().isoformat()} (CRIMEPLAN_TEST_NOW)"


@pytest.fixture(scope="session", autouse=True)
def _pinned_clock_for_the_session() -> Iterator[None]:
    """Session-wide set-up (the test database, the live server's start) at the pinned
    instant too."""
    with time_machine.travel(pinned_instant(), tick=True):
        yield


@pytest.fixture(autouse=True)
def _pinned_clock(_pinned_clock_for_the_session: None) -> Iterator[None]:
    """Each test starts at the pinned instant, whatever ran before it."""
    with time_machine.travel(pinned_instant(), tick=True):
        yield


def load_reference_once() -> None:
    if not Force.objects.exists():
        loader.run(shared_data=Path(settings.CRIMEPLAN_SHARED_DATA), force_id="gloucestershire")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The real reference geography, loaded once into the test database."""
    with django_db_blocker.unblock():
        load_reference_once()


@pytest.fixture
def reference(db):  # type: ignore[no-untyped-def]
    """Reference data for a test; reloaded after a transactional test has flushed it."""
    load_reference_once()


@pytest.fixture
def live_db(transactional_db):  # type: ignore[no-untyped-def]
    """For tests against a live server: real commits, with the reference data loaded.

    The flush that empties the database after such a test would be refused by the audit
    trail's append-only triggers, so they are lifted for it and put back after it (by
    `pytest_runtest_teardown` below, once every fixture is torn down).
    """
    from django.db import connection

    from crimeplan.audit import triggers

    triggers.install(connection)
    load_reference_once()
    yield
    triggers.remove(connection)


@pytest.fixture(autouse=True)
def _no_rate_limit_counted_yet() -> None:
    """Each test starts with no public-form counter: one test's reports never count against
    the next's limit."""
    from django.core.cache import caches

    caches["ratelimit"].clear()
    # Nor does one test's cached page or feed (crimeplan.core.opendata) reach the next, nor
    # a table or analysis one test computed (crimeplan.core.memo: its keys hold primary keys,
    # which SQLite gives again after a test's rollback).
    caches["default"].clear()
    from crimeplan.core import memo

    memo.clear_all()


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Each test writes bulk data (Parquet, downloads) to its own folder, never var/."""
    settings.CRIMEPLAN_DATA_DIR = tmp_path_factory.mktemp("data")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):  # type: ignore[no-untyped-def]
    """After a `live_db` test's teardown (its flush included), the audit trail's triggers are
    put back, so whichever test this worker runs next (the suite runs on several workers, a
    file to each) finds the trail protected."""
    result = yield
    # Only where the fixture was set up (a test whose setup failed before it never lifted
    # the triggers, and may not have reached the test database at all), and only where a
    # test follows: after the worker's last test the session's fixtures are torn down too,
    # the test database is gone and the connection points at the real database again.
    if nextitem is not None and "live_db" in getattr(item, "funcargs", {}):
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        from crimeplan.audit import triggers

        with item.config.stash[blocking_manager_key].unblock():
            triggers.install(connection)
    return result
