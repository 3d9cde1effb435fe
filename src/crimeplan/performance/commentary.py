"""Commentary whose figures are bound to the table: placeholders, never typed numbers.

An analyst writes "{measure} changed by {force_change} against {group_change} for the
group." The figures are filled from the computed row when the page or report is made, so
text and table cannot disagree. Typed percentages and spreadsheet cell references (both seen
in a published report) are refused with the placeholder to use instead.
"""

import re
import string
from collections.abc import Callable, Mapping

from .constants import ChangeUnit, Verdict
from .engine import MeasureRow
from .framework import Framework

TYPED_PERCENT = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per\s?cent|percent|percentage points|pp\b"
    # and in Welsh: "12 y cant", "12 pwynt canran", "12 o bwyntiau canran", "12.5 canran"
    r"|y\s?cant\b|(?:o\s+)?[pb]wynt(?:iau)?\s+canran|canran\b)",
    re.IGNORECASE,
)
# 'Sheet 1'!B12 or Data!$C$4; a bare B12 is allowed, since roads are called A38 and M5.
SHEET_REFERENCE = re.compile(r"(?:'[^']+'|[A-Za-z0-9_]+)!\$?[A-Z]{1,3}\$?\d+")
FORMULA = re.compile(r"(?:^|\s)=\s*(?:[A-Z]+\(|\$?[A-Z]{1,3}\$?\d)")


class CommentError(ValueError):
    pass


def _same(message: str) -> str:
    return message


def values(
    row: MeasureRow,
    framework: Framework,
    *,
    gettext: Callable[[str], str] = _same,
    welsh: bool = False,
) -> dict[str, str]:
    """What each placeholder stands for in this row: in English, or, for a Welsh comment
    (`welsh`), with the framework's Welsh names and labels and the words `gettext` gives."""
    printed = row.printed()
    not_known = gettext("not known")

    def with_unit(figure: str) -> str:
        if not figure:
            return not_known
        if row.change_unit == ChangeUnit.POINTS:
            return gettext("%(change)s percentage points") % {"change": figure}
        return figure + "%"

    def grouped(text: str) -> str:
        return _grouped(text) if text else not_known

    standing = row.standing
    measure, baseline, current = row.measure, framework.baseline, framework.current
    return {
        "measure": (welsh and measure.name_cy) or measure.name,
        "baseline_label": (welsh and baseline.label_cy) or baseline.label,
        "current_label": (welsh and current.label_cy) or current.label,
        "force_baseline": grouped(printed["force_baseline"]),
        "force_current": grouped(printed["force_current"]),
        "group_baseline": grouped(printed["group_baseline"]),
        "group_current": grouped(printed["group_current"]),
        "force_rate_baseline": printed["force_rate_baseline"] or not_known,
        "force_rate_current": printed["force_rate_current"] or not_known,
        "group_rate_current": printed["group_rate_current"] or not_known,
        "force_change": with_unit(printed["force_change"]),
        "group_change": with_unit(printed["group_change"]),
        "verdict": gettext(row.test.verdict.value),
        "p_value": printed["p_value"] or not_known,
        "rank": str(standing.rank) if standing else not_known,
        "rank_of": str(standing.of) if standing else not_known,
    }


PLACEHOLDERS = (
    "measure",
    "baseline_label",
    "current_label",
    "force_baseline",
    "force_current",
    "group_baseline",
    "group_current",
    "force_rate_baseline",
    "force_rate_current",
    "group_rate_current",
    "force_change",
    "group_change",
    "verdict",
    "p_value",
    "rank",
    "rank_of",
)


def _grouped(text: str) -> str:
    try:
        return f"{int(text):,}"
    except ValueError:
        return text


def check(text: str) -> None:
    """Refuses what would let text and table disagree, saying what to write instead."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise CommentError(f"a brace is not closed or not a placeholder: {error}") from None
    for name in fields:
        if name not in PLACEHOLDERS:
            raise CommentError(
                f"{{{name}}} is not a placeholder; use one of "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )
    plain = re.sub(r"\{[a-z_]+\}", "", text)
    typed = TYPED_PERCENT.search(plain)
    if typed:
        raise CommentError(
            f"{typed.group(0)!r} is a typed figure: write {{force_change}} or {{group_change}} "
            "so that the comment shows the table's own figure"
        )
    if FORMULA.search(plain) or SHEET_REFERENCE.search(plain):
        raise CommentError("the comment holds a spreadsheet formula or cell reference")


def render(
    text: str,
    row: MeasureRow,
    framework: Framework,
    *,
    gettext: Callable[[str], str] = _same,
    welsh: bool = False,
) -> str:
    check(text)
    return text.format_map(values(row, framework, gettext=gettext, welsh=welsh))


def draft(row: MeasureRow) -> str:
    """A first comment made from the computed figures, for the analyst to edit."""
    aim = "reduce" if row.measure.aim.value == "reduce" else "increase"
    parts = [
        "{measure} went from {force_baseline} in {baseline_label} to {force_current} in "
        "{current_label} ({force_change}); the group's change was {group_change}."
    ]
    if row.aim_met is False:
        parts.append(f"The aim was to {aim}, so it is not met.")
    elif row.aim_met:
        parts.append(f"The aim was to {aim}, and it is met.")
    if row.test.verdict in (Verdict.IMPROVEMENT, Verdict.DETERIORATION):
        parts.append("The change is larger than chance alone would explain ({verdict}).")
    elif row.test.verdict == Verdict.NO_CHANGE:
        parts.append(
            "The change is within what chance alone would give ({verdict}), so it should not "
            "be read as a real change."
        )
    return " ".join(parts)


def rendered_comments(
    comments: Mapping[str, str],
    rows: tuple[MeasureRow, ...],
    framework: Framework,
    *,
    gettext: Callable[[str], str] = _same,
    welsh: bool = False,
) -> dict[str, str]:
    out = {}
    for row in rows:
        text = comments.get(row.measure.id)
        if text:
            out[row.measure.id] = render(text, row, framework, gettext=gettext, welsh=welsh)
    return out
