"""The Victims' Code returns' limits, the template's columns and the periods they use.

Periods are financial years and quarters, as the OPCC reports them (and as
`crimeplan.scrutiny` counts its panels): `year` 2025 is 2025/26, its quarter 1 is April to
June 2025. The settings `CRIMEPLAN_VICTIMS_CODE` (a dict) may override the defaults here.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from crimeplan.scrutiny.constants import VictimsRight

__all__ = [
    "COLUMNS",
    "ENTERED",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARACTERS",
    "VictimsRight",
    "earliest_year",
    "min_base",
    "period_label",
    "period_words",
    "quarter_end",
    "quarter_start",
    "remind_after_days",
]

# The template's columns, in order: one line per right.
COLUMNS = ("agency", "year", "quarter", "right", "eligible", "complied", "note")
REQUIRED_COLUMNS = ("agency", "year", "quarter", "right", "eligible", "complied")
# The `source` of a return typed into the form rather than uploaded.
ENTERED = "entered"
# Twelve rights: a return is a handful of lines, so anything big is a mistake.
MAX_FILE_BYTES = 1_000_000
MAX_LINE_CHARACTERS = 2_000
MAX_LINES = 200
NOTE_MAX_LENGTH = 500
# The 2020 Code came into force on 1 April 2021 (financial year 2021/22).
DEFAULT_EARLIEST_YEAR = 2021
# Days after a quarter ends before a missing return is chased, and between two reminders.
DEFAULT_REMIND_AFTER_DAYS = 30
REMIND_EVERY_DAYS = 7
# Fewer eligible victims than this and a rate's change is "not enough victims to say".
DEFAULT_MIN_BASE = 20


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, "CRIMEPLAN_VICTIMS_CODE", {}).get(name, default))


def earliest_year() -> int:
    return _setting("earliest_year", DEFAULT_EARLIEST_YEAR)


def remind_after_days() -> int:
    return _setting("remind_after_days", DEFAULT_REMIND_AFTER_DAYS)


def min_base() -> int:
    return _setting("min_base", DEFAULT_MIN_BASE)


def quarter_start(year: int, quarter: int) -> datetime.date:
    month = 4 + 3 * (quarter - 1)
    return datetime.date(year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    next_year, next_quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return quarter_start(next_year, next_quarter) - datetime.timedelta(days=1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def last_ended_quarter(today: datetime.date) -> tuple[int, int]:
    """The latest quarter whose last day is before `today`."""
    year = today.year if today.month >= 4 else today.year - 1
    quarter = (today.month - 4) % 12 // 3 + 1
    return previous_quarter(year, quarter)


def period_label(year: int, quarter: int) -> str:
    """(2025, 3) -> "2025/26 Q3"."""
    return f"{year}/{(year + 1) % 100:02d} Q{quarter}"


def period_words(year: int, quarter: int) -> str:
    """`period_label` in the page's language, for the public page: "2025/26 Ch3" in Welsh.
    Data and downloads keep `period_label`."""
    return gettext("%(years)s Q%(quarter)s") % {
        "years": f"{year}/{(year + 1) % 100:02d}",
        "quarter": quarter,
    }


# The words the figures (`figures`, a pure module, free of Django) give as a verdict on the
# change since last quarter, marked here so the public page can show them translated.
VERDICT_WORDS = (
    gettext_noop("significant improvement"),
    gettext_noop("significant deterioration"),
    gettext_noop("no significant change"),
    gettext_noop("significant change"),
    gettext_noop("not testable"),
    gettext_noop("not enough victims to say"),
    gettext_noop("no figure last quarter"),
)
