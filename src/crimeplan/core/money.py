"""Money as whole pence: reading what people type or a file holds, and printing it back.

Every amount crimeplan keeps is an integer number of pence; this module is the one place
that turns pounds into pence and pence into pounds, never via a float's arithmetic.

Reading (`pounds_to_pence`):
- text is pounds as people write them: "1250", "1,250.50", "£1,250.5", spaces around;
  only the digits 0-9, thousands commas, one leading "£" and at most two decimal places.
  Not a sign, an exponent, ".5" or "1." (a typing slip is refused, not guessed at).
- a number (an int, a Decimal, or a float from a TOML file or a spreadsheet cell) is pounds
  as it is: finite, not negative, with at most two decimal places. True and False are not
  amounts.
- anything else, or any amount below zero, raises `ValueError` saying what is wrong; every
  message contains "is not an amount in pounds".

Printing:
- `format_pence`: "£1,061,477.00" (always the pence: tables of budgets and payments, and
  the audit trail), or with `whole=True` "£1,061,477" when there are no pence and
  "£447,404.50" when there are (prose, such as the published plan update, as the GOV.UK
  style guide asks: "£75.50 but not £75.00"); "-£1.50" below zero; "" for no amount.
- `pence_to_pounds_text`: "1061477.50", for a form field's initial value or a CSV cell.
- `pence_to_pounds`: 1061477 or 447404.5, a number for a TOML file or a spreadsheet.

The `pounds` template filter (`{% load money %}`) prints with `format_pence`:
`{{ amount_pence|pounds }}`, or `{{ amount_pence|pounds:"whole" }}`.
"""

import re
from decimal import Decimal, InvalidOperation

# Digits 0-9 only (\d would take other scripts' digits too), then at most two decimals.
_POUNDS_TEXT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_TOO_PRECISE = re.compile(r"[0-9]+\.[0-9]{3,}")
_EXAMPLE = "like 1250 or 1250.50"


def _refused(value: object, why: str = _EXAMPLE) -> ValueError:
    return ValueError(f"{value!r} is not an amount in pounds, {why}")


def _number_to_pence(value: object, pounds: Decimal) -> int:
    if not pounds.is_finite():
        raise _refused(value)
    if pounds < 0:
        raise _refused(value, "as it is below zero")
    pence = pounds * 100
    if pence != pence.to_integral_value():
        raise _refused(value, "as it has more than two decimal places")
    return int(pence)


def pounds_to_pence(value: str | int | float | Decimal) -> int:
    """'£1,061,477.50' → 106147750; 12 → 1200; 447404.5 → 44740450.

    Raises ValueError, with a message that says why, for anything that is not an amount of
    money in pounds of at least zero with at most two decimal places.
    """
    if isinstance(value, bool):
        raise _refused(value, "but true or false")
    if isinstance(value, int):
        return _number_to_pence(value, Decimal(value))
    if isinstance(value, float):
        # repr is the shortest text that is this float: 447404.5, not 447404.49999999...
        return _number_to_pence(value, Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _number_to_pence(value, value)
    if not isinstance(value, str):
        raise _refused(value)
    cleaned = value.strip().removeprefix("£").strip().replace(",", "")
    if cleaned.startswith("-") and _POUNDS_TEXT.fullmatch(cleaned[1:].removeprefix("£")):
        raise _refused(value, "as it is below zero")
    if _TOO_PRECISE.fullmatch(cleaned):
        raise _refused(value, "as it has more than two decimal places")
    if not _POUNDS_TEXT.fullmatch(cleaned):
        raise _refused(value)
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise _refused(value) from error


def format_pence(pence: int | None, *, whole: bool = False) -> str:
    """106147750 → '£1,061,477.50'; 106147700 → '£1,061,477.00', or with whole=True
    '£1,061,477' (pence printed only when there are some); None → ''."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    if whole and rest == 0:
        return f"{sign}£{pounds:,}"
    return f"{sign}£{pounds:,}.{rest:02d}"


def pence_to_pounds_text(pence: int | None) -> str:
    """For forms and CSV: 106147750 → '1061477.50' (no symbol, no separators); None → ''."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}{pounds}.{rest:02d}"


def pence_to_pounds(pence: int) -> int | float:
    """For a TOML file or a spreadsheet cell: whole pounds as an integer (1061477),
    otherwise pounds with the pence as decimals (447404.5), which `pounds_to_pence` reads
    back to the same pence."""
    if pence % 100 == 0:
        return pence // 100
    return float(Decimal(pence) / 100)


def percentage_of(pence: int, percent: int) -> int:
    """The smallest whole number of pence that is at least `percent`% of `pence`."""
    return -((-pence * percent) // 100)
