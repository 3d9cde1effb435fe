"""Deadlines in working days over weekends and England and Wales bank holidays."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.core.working_days import (
    add_working_days,
    is_working_day,
    working_days_between,
)

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "days", "due", "why"),
    [
        ("2024-11-25", 5, "2024-12-02", "a Monday plus 5 working days skips one weekend"),
        ("2024-11-29", 1, "2024-12-02", "Friday plus 1 is Monday"),
        ("2024-12-20", 5, "2024-12-31", "Christmas Day and Boxing Day"),
        ("2024-03-27", 5, "2024-04-05", "Good Friday and Easter Monday 2024"),
        ("2023-05-03", 5, "2023-05-11", "the Coronation bank holiday, 8 May 2023"),
        ("2022-09-14", 5, "2022-09-22", "the late Queen's funeral, 19 September 2022"),
        ("2025-08-22", 1, "2025-08-26", "Late Summer bank holiday 2025"),
        ("2024-12-23", 15, "2025-01-16", "15 working days over Christmas and New Year"),
        ("2024-11-23", 1, "2024-11-25", "received on a Saturday"),
        ("2024-11-25", 0, "2024-11-25", "no days"),
    ],
)
def test_add_working_days(start: str, days: int, due: str, why: str) -> None:
    assert add_working_days(D(start), days) == D(due), why


def test_bank_holidays_and_weekends_are_not_working_days() -> None:
    assert not is_working_day(D("2024-12-25"))
    assert not is_working_day(D("2024-08-26"))
    assert not is_working_day(D("2024-11-23"))
    assert is_working_day(D("2024-11-25"))
    # St Andrew's Day is a holiday in Scotland only.
    assert is_working_day(D("2027-11-30"))


@given(st.dates(min_value=D("2020-01-01"), max_value=D("2030-12-31")), st.integers(0, 60))
def test_counting_back_gives_the_days_added(start: datetime.date, days: int) -> None:
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    assert days == 0 or is_working_day(due)
    assert (due - start).days >= days
