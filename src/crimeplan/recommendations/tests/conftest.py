"""The tracker's tests reason about overdue items and closing dates against one known day, so
each runs on it, whatever day the suite is run at (CRIMEPLAN_TEST_NOW)."""

import datetime
from collections.abc import Iterator

import pytest
import time_machine

KNOWN_DAY = datetime.datetime(2026, 11, 18, 10, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _on_the_known_day() -> Iterator[None]:
    with time_machine.travel(KNOWN_DAY, tick=True):
        yield
