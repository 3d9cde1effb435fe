"""The engine's inputs (each measure's figures for the force, its group, the group's members
and the comparators, and the populations) and its outputs (the published row, its test of the
change and its standing, the table), with the columns a row prints."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..constants import (
    FORCE_CHANGE_DECIMALS,
    GROUP_CHANGE_DECIMALS,
    POINTS_DECIMALS,
    RATE_DECIMALS,
    SHARE_DECIMALS,
    ChangeUnit,
    MeasureKind,
    Outlier,
    Verdict,
)
from ..framework import COMPARATORS, GROUP, Framework, Measure
from .printing import duration_text, figure_text, fixed

CSV_COLUMNS = (
    "measure",
    "aim",
    "force_baseline",
    "group_baseline",
    "force_current",
    "group_current",
    "force_rate_baseline",
    "group_rate_baseline",
    "force_rate_current",
    "group_rate_current",
    "force_change",
    "group_change",
    "change_unit",
    "aim_met",
    "p_value",
    "verdict",
    "priorities",
    "force_rate_change",
    "group_rate_change",
)
# Columns the measure kinds beyond counts and percentages, the comparators and the period
# notes add; a table writes those that any of its rows fills, after CSV_COLUMNS.
EXTRA_COLUMNS = (
    "force_share_baseline",
    "group_share_baseline",
    "force_share_current",
    "group_share_current",
    "target",
    "rank_of",
    "period_note",
    "verdict_reason",
    *(
        f"{area.replace('-', '_')}_{part}"
        for area in COMPARATORS
        for part in ("baseline", "current", "rate_baseline", "rate_current", "change")
    ),
)


# -- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    value: Decimal
    base: int | None = None  # a percentage's sample size, where known


@dataclass(frozen=True)
class AreaFigures:
    baseline: Figure | None = None
    current: Figure | None = None

    @property
    def complete(self) -> bool:
        return self.baseline is not None and self.current is not None


@dataclass(frozen=True)
class Populations:
    baseline: int | None = None
    current: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.baseline) and bool(self.current)


@dataclass(frozen=True)
class MeasureData:
    force: AreaFigures = field(default_factory=AreaFigures)
    group: AreaFigures | None = None  # the group as a whole (the template's `msg` rows)
    members: Mapping[str, AreaFigures] = field(default_factory=dict)
    # `region` and `england-and-wales`, where held
    comparators: Mapping[str, AreaFigures] = field(default_factory=dict)


@dataclass(frozen=True)
class Inputs:
    """What the engine needs for one force: its group's members, populations by area (force
    ids and `msg`), and each measure's figures."""

    force: str
    members: tuple[str, ...]
    populations: Mapping[str, Populations]
    data: Mapping[str, MeasureData]


def measure_data(
    measure: Measure,
    force: str,
    members: Sequence[str],
    figures: Mapping[tuple[str, str, str], Decimal],
) -> MeasureData:
    """A measure's figures for the force, the group as a whole (`msg`) and each member, from
    (measure id, area, period name) → value; a percentage's sample size comes from its
    `sample_size_measure`. Used alike for figures read from files and from the database."""

    def area(code: str) -> AreaFigures:
        def one(period: str) -> Figure | None:
            value = figures.get((measure.id, code, period))
            if value is None:
                return None
            base_id = measure.sample_size_measure
            base = figures.get((base_id, code, period)) if base_id else None
            return Figure(value, int(base) if base is not None else None)

        return AreaFigures(one("baseline"), one("current"))

    group = area(GROUP)
    comparators = {code: area(code) for code in COMPARATORS}
    return MeasureData(
        force=area(force),
        group=group if group.baseline or group.current else None,
        members={m: area(m) for m in members},
        comparators={c: f for c, f in comparators.items() if f.baseline or f.current},
    )


# -- outputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaResult:
    baseline: Decimal | None
    current: Decimal | None
    population: Populations
    rate_baseline: Decimal | None = None
    rate_current: Decimal | None = None
    change: Decimal | None = None  # % for counts, percentage points for percentages
    rate_change: Decimal | None = None
    # Shares: the component's % of the total in each period (`change` is then in points).
    share_baseline: Decimal | None = None
    share_current: Decimal | None = None


@dataclass(frozen=True)
class ChangeTest:
    verdict: Verdict
    method: str
    p_value: float | None = None
    estimate: float | None = None  # rate ratio (counts) or difference in proportions
    low: float | None = None
    high: float | None = None

    @property
    def reason(self) -> str:
        """Why the change is not tested ("" when it is)."""
        return self.method if self.verdict == Verdict.NOT_TESTABLE else ""


@dataclass(frozen=True)
class Standing:
    """The force among its group's members, by the current rate (or value)."""

    rank: int  # 1 = best by the aim
    of: int
    outlier: Outlier | None


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    force: AreaResult
    group: AreaResult | None
    group_basis: str
    aim_met: bool | None
    test: ChangeTest
    standing: Standing | None
    comparators: Mapping[str, AreaResult] = field(default_factory=dict)

    @property
    def change_unit(self) -> ChangeUnit:
        return CHANGE_UNITS[self.measure.kind]

    @property
    def rate_decimals(self) -> int:
        m = self.measure
        return RATE_DECIMALS if m.rate_decimals is None else m.rate_decimals

    def change_decimals(self, *, group: bool) -> int:
        if self.measure.change_decimals is not None:
            return self.measure.change_decimals
        if self.measure.kind == MeasureKind.SHARE:
            return SHARE_DECIMALS
        if self.measure.kind == MeasureKind.PERCENTAGE:
            return POINTS_DECIMALS
        return GROUP_CHANGE_DECIMALS if group else FORCE_CHANGE_DECIMALS

    def value_text(self, value: Decimal | None) -> str:
        """A figure as the row prints it: a time as minutes and seconds, a percentage or
        target at its `value_decimals` where given, otherwise as held."""
        m = self.measure
        if m.kind == MeasureKind.DURATION:
            return duration_text(value)
        if m.value_decimals is not None and m.kind != MeasureKind.SHARE:
            return fixed(value, m.value_decimals)
        return figure_text(value)

    def change_text(self, change: Decimal | None, *, group: bool) -> str:
        if self.measure.kind == MeasureKind.DURATION:
            return duration_text(change, signed=True)
        if self.measure.kind in (MeasureKind.TARGET, MeasureKind.RANK):
            return ""
        return fixed(change, self.change_decimals(group=group))

    def printed(self) -> dict[str, str]:
        """The row as the table prints it: the CSV columns, in order."""
        g = self.group
        rate = self.rate_decimals
        cells = {
            "measure": self.measure.name,
            "aim": self.measure.aim.value,
            "force_baseline": self.value_text(self.force.baseline),
            "group_baseline": self.value_text(g.baseline if g else None),
            "force_current": self.value_text(self.force.current),
            "group_current": self.value_text(g.current if g else None),
            "force_rate_baseline": fixed(self.force.rate_baseline, rate),
            "group_rate_baseline": fixed(g.rate_baseline if g else None, rate),
            "force_rate_current": fixed(self.force.rate_current, rate),
            "group_rate_current": fixed(g.rate_current if g else None, rate),
            "force_change": self.change_text(self.force.change, group=False),
            "group_change": self.change_text(g.change if g else None, group=True),
            "change_unit": self.change_unit.value,
            "aim_met": "" if self.aim_met is None else ("yes" if self.aim_met else "no"),
            "p_value": "" if self.test.p_value is None else f"{self.test.p_value:.4g}",
            "verdict": self.test.verdict.value,
            "priorities": " ".join(self.measure.priorities),
            "force_rate_change": fixed(self.force.rate_change, rate),
            "group_rate_change": fixed(g.rate_change if g else None, rate),
        }
        return {column: cells[column] for column in CSV_COLUMNS}

    def printed_extra(self) -> dict[str, str]:
        """The EXTRA_COLUMNS of the row, in order ("" where they do not apply)."""
        m, g = self.measure, self.group
        share = SHARE_DECIMALS if m.value_decimals is None else m.value_decimals
        cells = {
            "force_share_baseline": fixed(self.force.share_baseline, share),
            "group_share_baseline": fixed(g.share_baseline if g else None, share),
            "force_share_current": fixed(self.force.share_current, share),
            "group_share_current": fixed(g.share_current if g else None, share),
            "target": self.value_text(m.target),
            "rank_of": "" if m.rank_of is None else str(m.rank_of),
            "period_note": m.period_note,
            "verdict_reason": self.test.reason,
        }
        for area in COMPARATORS:
            result = self.comparators.get(area)
            prefix = area.replace("-", "_")
            cells[f"{prefix}_baseline"] = self.value_text(result.baseline if result else None)
            cells[f"{prefix}_current"] = self.value_text(result.current if result else None)
            for part in ("rate_baseline", "rate_current"):
                value = getattr(result, part) if result else None
                cells[f"{prefix}_{part}"] = fixed(value, self.rate_decimals)
            change = result.change if result else None
            cells[f"{prefix}_change"] = self.change_text(change, group=True)
        return {column: cells[column] for column in EXTRA_COLUMNS}


CHANGE_UNITS = {
    MeasureKind.COUNT: ChangeUnit.PERCENT,
    MeasureKind.PERCENTAGE: ChangeUnit.POINTS,
    MeasureKind.SHARE: ChangeUnit.POINTS,
    MeasureKind.DURATION: ChangeUnit.SECONDS,
    MeasureKind.TARGET: ChangeUnit.NONE,
    MeasureKind.RANK: ChangeUnit.NONE,
}


@dataclass(frozen=True)
class Table:
    framework: Framework
    force: str
    rows: tuple[MeasureRow, ...]
    populations: Mapping[str, Populations]
    notes: tuple[str, ...] = ()
