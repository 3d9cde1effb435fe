"""Figures printed for people: thousands grouped with commas ("39,857"), so that a count is read
at a glance. Only the page groups them; the files (CSV, XLSX, ODS, JSON) keep the figure as
computed, for machines."""

import re

# A signed decimal figure, alone: "39857", "-1234.5", "+12". Anything else (a time, a rank,
# a word, a figure with its unit) is left as it is.
_FIGURE = re.compile(r"^([+\-\u2212]?)(\d+)(\.\d+)?$")
# Each place in the whole part with a multiple of three digits after it.
_THOUSANDS = re.compile(r"(?<=\d)(?=(?:\d{3})+$)")


def grouped(text: object) -> str:
    """`text` with the whole part of a plain figure grouped in thousands: "39857" gives
    "39,857", "-1234.5" gives "-1,234.5"; any other text is returned unchanged."""
    text = "" if text is None else str(text)
    match = _FIGURE.match(text)
    if match is None:
        return text
    sign, whole, fraction = match.groups()
    return f"{sign}{_THOUSANDS.sub(',', whole)}{fraction or ''}"
