"""Figures in the plan's prose bound to the performance data, as the performance commentary's
are: an editor writes `{burglary.force_change}` (or, for a measure of another table,
`{gloucestershire-2021-25-asb/asb-incidents.force_current}`) and the report prints the table's
own figure, so text and table cannot disagree. Pure: the lookup of a measure's printed values is
passed in.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# {measure.field} or {framework/measure.field}; ids are slugs, fields are placeholder names.
PLACEHOLDER = re.compile(
    r"\{(?:(?P<framework>[a-z0-9-]+)/)?(?P<measure>[a-z0-9-]+)\.(?P<field>[a-z_]+)\}"
)

# (framework slug or "", measure id) -> the measure's printed values by placeholder name, or
# None when no table of the plan holds that measure.
Lookup = Callable[[str, str], Mapping[str, str] | None]


@dataclass(frozen=True)
class FigureProblem:
    where: str
    placeholder: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.placeholder} {self.message}"


def placeholders(text: str) -> list[str]:
    return [match.group(0) for match in PLACEHOLDER.finditer(text)]


def bind(text: str, lookup: Lookup, *, where: str = "") -> tuple[str, list[FigureProblem]]:
    """`text` with every placeholder replaced by its figure, and the placeholders that could not
    be (shown unreplaced, so a preview makes them plain to see)."""
    problems: list[FigureProblem] = []

    def replace(match: re.Match[str]) -> str:
        values = lookup(match.group("framework") or "", match.group("measure"))
        if values is None:
            problems.append(
                FigureProblem(where, match.group(0), "names a measure no table of the plan holds")
            )
            return match.group(0)
        value = values.get(match.group("field"))
        if value is None:
            known = ", ".join(sorted(values))
            problems.append(
                FigureProblem(where, match.group(0), f"is not a figure of the measure ({known})")
            )
            return match.group(0)
        return value

    return PLACEHOLDER.sub(replace, text), problems
