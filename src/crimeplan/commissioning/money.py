"""Money as whole pence: parsing what people type and printing it back, never via floats."""

import re
from decimal import Decimal, InvalidOperation

_POUNDS = re.compile(r"^\d+(\.\d{1,2})?$")


def pounds_to_pence(text: str | Decimal | int) -> int:
    """'£1,061,477.50' → 106147750. Raises ValueError for anything that is not an amount of
    money in pounds with at most two decimal places."""
    if isinstance(text, int):
        return text * 100
    cleaned = str(text).strip().replace(",", "").removeprefix("£").strip()
    if not _POUNDS.match(cleaned):
        raise ValueError(f"{text!r} is not an amount in pounds, like 1250 or 1250.50")
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"{text!r} is not an amount in pounds") from error


def format_pence(pence: int | None, *, whole: bool = False) -> str:
    """106147750 → '£1,061,477.50'; whole=True prints whole pounds when there are no pence."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    if whole and rest == 0:
        return f"{sign}£{pounds:,}"
    return f"{sign}£{pounds:,}.{rest:02d}"


def pence_to_pounds_text(pence: int | None) -> str:
    """For forms and CSV: 106147750 → '1061477.50' (no symbol, no separators)."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}{pounds}.{rest:02d}"


def percentage_of(pence: int, percent: int) -> int:
    """The smallest whole number of pence that is at least `percent`% of `pence`."""
    return -((-pence * percent) // 100)
