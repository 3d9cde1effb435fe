"""The ranges that the years, dates, record ids and slugs a request names must fall in, for
the JSON API and the pages alike.

A value outside them is refused with a 4xx (the API's 422, a form's error message, a 404)
before any query runs or any date is worked out from it, so that year 0, a date in the year
9999 or a twenty-digit id can never become a server error. They are far wider than any real
record needs.
"""

import datetime

# Police.uk data begins in 2010 and the statutory schemes later still; 2100 leaves room for
# any plan, survey or financial year while keeping "the year after" a valid date.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
EARLIEST_DATE = datetime.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = datetime.date(LATEST_YEAR, 12, 31)

# The largest value of a BigAutoField (a signed 64-bit integer) on PostgreSQL and SQLite.
LARGEST_ID = 2**63 - 1
# A published report's or a plan's version number.
LARGEST_NUMBER = 1_000_000

# Slugs and police.uk ids: what Django's `slug` path converter accepts, and no longer than
# any SlugField here.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
LONGEST_SLUG = 100


def record_id(text: str) -> int | None:
    """The record id a query parameter names, or None when it names none: not plain ASCII
    digits (int() would read "١٢" and refuse "²"), or past the largest id (int() refuses a
    string of more than 4,300 digits, with a server error)."""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(LARGEST_ID)):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None
