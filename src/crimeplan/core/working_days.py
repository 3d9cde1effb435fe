"""Working days in England and Wales: Monday to Friday, less bank holidays.

Bank holidays come from the `holidays` library (pinned in pyproject.toml), which carries the
one-off ones too (the 2022 Jubilee and funeral, the 2023 Coronation). England and Wales share
one list; Scotland and Northern Ireland differ and are not used here. Shared by every
statutory clock counted in working days (the ASB Case Review, the complaint review).
"""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the start day itself is day 0, so
    something received on a Friday with 1 working day is due on Monday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 if `end` is not later)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
