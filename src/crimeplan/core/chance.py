"""A test's p-value said for people: plain words first ("very unlikely to be chance"), then
the figure as a reader can take it in ("p < 0.001", never "p = 5.776e-14" or "p = 0").

Pure: the words are marked for translation here and looked up through the `gettext` given.
"""

import math
from collections.abc import Callable

# Below this, a p-value is written "< 0.001": more digits say nothing a reader can use, and
# a computed 0 is a rounding, not a certainty.
SMALLEST_SHOWN = 0.001
# The level the site's tests use, as their verdicts say.
SIGNIFICANCE = 0.05


def gettext_noop(message: str) -> str:
    return message


VERY_UNLIKELY = gettext_noop("very unlikely to be chance")
UNLIKELY = gettext_noop("unlikely to be chance")
COULD_BE = gettext_noop("could well be chance")


def _same(message: str) -> str:
    return message


def as_number(p: object) -> float | None:
    """A p-value given as a number or as printed text ("5.776e-14"); None when there is
    none or it is not a probability."""
    if p is None or p == "" or isinstance(p, bool):
        return None
    try:
        value = float(str(p))
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= 1 else None


def p_value_text(p: object) -> str:
    """ "p < 0.001", "p = 0.023", "p = 0.41"; "" when there is no p-value."""
    value = as_number(p)
    if value is None:
        return ""
    if value < SMALLEST_SHOWN:
        return f"p < {SMALLEST_SHOWN:g}"
    return f"p = {value:.3f}" if value < 0.1 else f"p = {value:.2f}"


def chance_words(p: object, gettext: Callable[[str], str] = _same) -> str:
    """What the p-value means, in words: "" when there is none."""
    value = as_number(p)
    if value is None:
        return ""
    if value < SMALLEST_SHOWN:
        return gettext(VERY_UNLIKELY)
    return gettext(UNLIKELY if value < SIGNIFICANCE else COULD_BE)
