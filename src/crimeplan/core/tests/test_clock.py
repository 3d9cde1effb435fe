"""The suite's clock: every test starts at the pinned instant (CRIMEPLAN_TEST_NOW, else the
default), and the clock ticks on from it; and no Hypothesis check fails on a timing."""

import datetime
import time

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings

from crimeplan.conftest import DEFAULT_TEST_NOW, pinned_instant


def test_every_test_starts_at_the_pinned_instant() -> None:
    started = pinned_instant()
    assert datetime.timedelta(0) <= timezone.now() - started < datetime.timedelta(seconds=30)
    assert abs(time.time() - started.timestamp()) < 30
    london = started.astimezone(timezone.get_default_timezone())
    assert timezone.localdate() in {london.date(), (london + datetime.timedelta(seconds=30)).date()}


def test_the_clock_ticks_on() -> None:
    before = timezone.now()
    time.sleep(0.05)
    assert timezone.now() > before


def test_the_instant_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRIMEPLAN_TEST_NOW", "2028-02-29T23:30:00+00:00")
    assert pinned_instant() == datetime.datetime(2028, 2, 29, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.delenv("CRIMEPLAN_TEST_NOW")
    assert pinned_instant() == datetime.datetime.fromisoformat(DEFAULT_TEST_NOW)


@pytest.mark.parametrize(
    ("value", "message"),
    [("29/02/2028", "not an ISO 8601"), ("2028-02-29T23:30:00", "needs a UTC offset")],
)
def test_an_unreadable_instant_is_a_clear_error(value: str, message: str) -> None:
    with pytest.raises(pytest.UsageError, match=message):
        pinned_instant(value)


def test_hypothesis_never_fails_a_test_on_its_timing() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
