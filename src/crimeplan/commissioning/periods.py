"""UK financial years (1 April to 31 March), by the year they start in."""

import datetime


def financial_year_of(day: datetime.date) -> int:
    """The calendar year a UK financial year starts in: 2024-03-31 → 2023, 2024-04-01 → 2024."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    """2024 → '2024/25'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)
