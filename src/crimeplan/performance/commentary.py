"""Commentary whose figures are bound to the table: placeholders, never typed numbers.

An analyst writes "{measure} changed by {force_change} against {group_change} for the
group." The figures are filled from the computed row when the page or report is made, so
text and table cannot disagree. Typed percentages and spreadsheet cell references (both seen
in a published report) are refused with the placeholder to use instead.
"""

import re
import string
from collections.abc import Mapping

from .constants import ChangeUnit, Verdict
from .engine import MeasureRow
from .framework import Framework

TYPED_PERCENT = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per\s?cent|percent|percentage points|pp\b)", re.IGNORECASE
)
# 'Sheet 1'!B12 or Data!$C$4; a bare B12 is allowed, since roads are called A38 and M5.
SHEET_REFERENCE = re.compile(r"(?:'[^']+'|[A-Za-z0-9_]+)!\$?[A-Z]{1,3}\$?\d+")
FORMULA = re.compile(r"(?:^|\s)=\s*(?:[A-Z]+\(|\$?[A-Z]{1,3}\$?\d)")


class CommentError(ValueError):
    pass


def values(row: MeasureRow, framework: Framework) -> dict[str, str]:
    """What each placeholder stands for in this row."""
    printed = row.printed()
    unit = " percentage points" if row.change_unit == ChangeUnit.POINTS else "%"
    with_unit = {
        key: (printed[key] + unit if printed[key] else "not known")
        for key in ("force_change", "group_change")
    }
    standing = row.standing
    return {
        "measure": row.measure.name,
        "baseline_label": framework.baseline.label,
        "current_label": framework.current.label,
        "force_baseline": _grouped(printed["force_baseline"]),
        "force_current": _grouped(printed["force_current"]),
        "group_baseline": _grouped(printed["group_baseline"]),
        "group_current": _grouped(printed["group_current"]),
        "force_rate_baseline": printed["force_rate_baseline"] or "not known",
        "force_rate_current": printed["force_rate_current"] or "not known",
        "group_rate_current": printed["group_rate_current"] or "not known",
        "force_change": with_unit["force_change"],
        "group_change": with_unit["group_change"],
        "verdict": row.test.verdict.value,
        "p_value": printed["p_value"] or "not known",
        "rank": str(standing.rank) if standing else "not known",
        "rank_of": str(standing.of) if standing else "not known",
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
    if not text:
        return "not known"
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


def render(text: str, row: MeasureRow, framework: Framework) -> str:
    check(text)
    return text.format_map(values(row, framework))


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
    comments: Mapping[str, str], rows: tuple[MeasureRow, ...], framework: Framework
) -> dict[str, str]:
    out = {}
    for row in rows:
        text = comments.get(row.measure.id)
        if text:
            out[row.measure.id] = render(text, row, framework)
    return out
