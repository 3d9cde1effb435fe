"""How the table prints its figures: exact decimals rounded half-up at the measure's
precision only when shown, never by float formatting; times as minutes and seconds."""

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fixed(value: Decimal | None, places: int) -> str:
    """`value` rounded half-up to `places` decimals, as text ("" when missing)."""
    if value is None:
        return ""
    rounded = round_half_up(value, places)
    return f"{abs(rounded) if rounded == 0 else rounded:f}"  # never "-0.0"


def figure_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


def duration_text(seconds: Decimal | None, *, signed: bool = False) -> str:
    """A time to the whole second, half-up: "9 s", "1 min 05 s"; `signed` for a change
    ("-12 s", "+1 min 05 s")."""
    if seconds is None:
        return ""
    whole = int(round_half_up(abs(seconds), 0))
    minutes, rest = divmod(whole, 60)
    text = f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
    if signed and whole:
        return ("-" if seconds < 0 else "+") + text
    return text


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
