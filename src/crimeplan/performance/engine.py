"""The performance table: pure functions from figures and populations to the published row.

No ORM here. Everything printed comes from exact decimal arithmetic and is rounded half-up at
the measure's precision only when shown (`MeasureRow.printed`), never by float formatting.
Beyond the published table, each row carries a test of the change (a Poisson score test for
counts with population as exposure; a two-proportion score test for percentages with known
sample sizes), a verdict, and the force's rank and outlier status among the group's members.

Besides counts and percentages a measure may be a share of a total count (tested as two
proportions), a count against a target, a rank among forces or a time in seconds; the last
three are not samples, so their verdict is "not testable" with the reason said.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from scipy import special
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from .constants import (
    ALPHA,
    FORCE_CHANGE_DECIMALS,
    GROUP_CHANGE_DECIMALS,
    NOT_A_SAMPLE,
    OUTLIER_COVERAGE,
    POINTS_DECIMALS,
    RATE_DECIMALS,
    SHARE_DECIMALS,
    Aim,
    ChangeUnit,
    MeasureKind,
    Outlier,
    Verdict,
)
from .framework import COMPARATORS, GROUP, Framework, Measure

THOUSAND = Decimal(1000)
HUNDRED = Decimal(100)

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


# -- arithmetic -------------------------------------------------------------------------------


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


def rate_per_thousand(count: Decimal | None, population: int | None) -> Decimal | None:
    if count is None or not population:
        return None
    return count * THOUSAND / Decimal(population)


@dataclass(frozen=True)
class GroupRate:
    area: str
    rate: Decimal  # current rate per 1,000, unrounded
    home: bool  # the force itself


def group_rates(inputs: Inputs, measure_id: str) -> list[GroupRate]:
    """The force's and each member's current rate per 1,000 for a count measure, lowest
    first, where the figure and the population are both held (others are left out)."""
    data = inputs.data.get(measure_id)
    if data is None:
        return []
    found = []
    for area, figures in [(inputs.force, data.force), *data.members.items()]:
        population = inputs.populations.get(area)
        rate = rate_per_thousand(
            figures.current.value if figures.current else None,
            population.current if population else None,
        )
        if rate is not None:
            found.append(GroupRate(area, rate, area == inputs.force))
    return sorted(found, key=lambda r: (r.rate, r.area))


def percent_change(baseline: Decimal | None, current: Decimal | None) -> Decimal | None:
    if baseline is None or current is None or baseline == 0:
        return None
    return (current - baseline) / baseline * HUNDRED


def _difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else b - a


def _value(figure: Figure | None) -> Decimal | None:
    return None if figure is None else figure.value


def area_result(kind: MeasureKind, figures: AreaFigures, population: Populations) -> AreaResult:
    baseline, current = _value(figures.baseline), _value(figures.current)
    if kind != MeasureKind.COUNT:
        return AreaResult(baseline, current, population, change=_difference(baseline, current))
    rate_baseline = rate_per_thousand(baseline, population.baseline)
    rate_current = rate_per_thousand(current, population.current)
    return AreaResult(
        baseline,
        current,
        population,
        rate_baseline=rate_baseline,
        rate_current=rate_current,
        change=percent_change(baseline, current),
        rate_change=_difference(rate_baseline, rate_current),
    )


def share_percent(part: Decimal | None, total: Decimal | None) -> Decimal | None:
    if part is None or total is None or total == 0:
        return None
    return part / total * HUNDRED


def share_result(component: AreaFigures, total: AreaFigures | None) -> AreaResult:
    """A component's counts and its share (%) of the total's counts in each period; the
    change is in percentage points."""
    baseline, current = _value(component.baseline), _value(component.current)
    total = total or AreaFigures()
    share_baseline = share_percent(baseline, _value(total.baseline))
    share_current = share_percent(current, _value(total.current))
    return AreaResult(
        baseline,
        current,
        Populations(),
        change=_difference(share_baseline, share_current),
        share_baseline=share_baseline,
        share_current=share_current,
    )


def aim_met(aim: Aim, baseline: Decimal | None, current: Decimal | None) -> bool | None:
    """As published: the change is in the aim's direction; no change is not met. A measure
    with no aim (a share shown for context) has none."""
    if baseline is None or current is None or aim is Aim.MONITOR:
        return None
    change = current - baseline
    return change < 0 if aim is Aim.REDUCE else change > 0


# -- the group --------------------------------------------------------------------------------


def _sum_figures(items: Sequence[AreaFigures]) -> AreaFigures:
    def total(figures: Sequence[Figure | None]) -> Figure:
        return Figure(sum((f.value for f in figures if f), Decimal(0)))

    return AreaFigures(total([f.baseline for f in items]), total([f.current for f in items]))


def _pooled_percentages(items: Sequence[AreaFigures]) -> AreaFigures | None:
    """The group's percentage from its members', weighted by their sample sizes."""

    def pooled(figures: Sequence[Figure | None]) -> Figure | None:
        if not all(f is not None and f.base for f in figures):
            return None
        bases = sum(f.base for f in figures if f and f.base)
        weighted = sum((f.value * f.base for f in figures if f and f.base), Decimal(0))
        return Figure(weighted / bases, bases)

    baseline = pooled([f.baseline for f in items])
    current = pooled([f.current for f in items])
    return AreaFigures(baseline, current) if baseline and current else None


def group_figures(
    measure: Measure, inputs: Inputs, data: MeasureData
) -> tuple[AreaFigures | None, Populations, str]:
    """The group's figures, population and how they were made: summed over every member when
    each member's figures (and, for counts, populations) are held; else the `msg` figure.
    Targets, ranks and times are never summed or pooled: only a `msg` figure is shown."""
    members = inputs.members
    held = [data.members.get(m) for m in members]
    complete = bool(members) and all(f is not None and f.complete for f in held)
    if complete:
        figures = [f for f in held if f is not None]
        if measure.kind == MeasureKind.SHARE:
            return _sum_figures(figures), Populations(), f"sum of {len(members)} member forces"
        if measure.kind == MeasureKind.COUNT:
            pops = [inputs.populations.get(m, Populations()) for m in members]
            if all(p.complete for p in pops):
                population = Populations(
                    sum(p.baseline or 0 for p in pops), sum(p.current or 0 for p in pops)
                )
                return _sum_figures(figures), population, f"sum of {len(members)} member forces"
        elif measure.kind == MeasureKind.PERCENTAGE:
            pooled = _pooled_percentages(figures)
            if pooled is not None:
                return pooled, Populations(), f"{len(members)} member forces, pooled"
    if data.group is not None and data.group.complete:
        return data.group, inputs.populations.get(GROUP, Populations()), "group figure (msg)"
    return None, Populations(), "not available"


# -- tests and standing -----------------------------------------------------------------------


def _whole(value: Decimal | None) -> int | None:
    if value is None or value != value.to_integral_value() or value < 0:
        return None
    return int(value)


def _verdict(aim: Aim, p_value: float, direction: float) -> Verdict:
    if p_value >= ALPHA or direction == 0:
        return Verdict.NO_CHANGE
    if aim is Aim.MONITOR:
        return Verdict.CHANGE
    rising = direction > 0
    return Verdict.IMPROVEMENT if rising == (aim is Aim.INCREASE) else Verdict.DETERIORATION


def test_counts(aim: Aim, force: AreaResult) -> ChangeTest:
    """Poisson score test of the rate ratio current/baseline, population as exposure."""
    before, after = _whole(force.baseline), _whole(force.current)
    pop = force.population
    if before is None or after is None or not pop.complete or before + after == 0:
        return ChangeTest(Verdict.NOT_TESTABLE, "needs whole counts and both populations")
    args = (after, pop.current, before, pop.baseline)
    result = test_poisson_2indep(*args, method="score", compare="ratio")
    # The MOVER interval combines the two rates' score (Wilson-type) limits in closed form; the
    # inverted score-test interval agrees closely but needs a root search, 40 times slower.
    low, high = confint_poisson_2indep(*args, method="mover", compare="ratio", alpha=ALPHA)
    ratio = (after / pop.current) / (before / pop.baseline) if before else float("inf")  # type: ignore[operator]
    p_value = float(result.pvalue)
    return ChangeTest(
        _verdict(aim, p_value, ratio - 1),
        "Poisson score test of the rate ratio (population as exposure), MOVER interval",
        p_value,
        ratio,
        float(low),
        float(high),
    )


def _two_proportions(
    aim: Aim, hits: tuple[int, int], bases: tuple[int, int], method: str
) -> ChangeTest:
    """Score test of current hits[0]/bases[0] against baseline hits[1]/bases[1]."""
    args = (hits[0], bases[0], hits[1], bases[1])
    # Shares of 0% or 100% in both periods divide by zero inside statsmodels; the difference
    # is then nil and so is the evidence of a change.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = test_proportions_2indep(*args, method="score", compare="diff")
        # Newcomb's hybrid score interval: closed form, so it never fails to converge.
        low, high = confint_proportions_2indep(*args, method="newcomb", compare="diff", alpha=ALPHA)
    difference = hits[0] / bases[0] - hits[1] / bases[1]
    p_value = float(result.pvalue)
    if math.isnan(p_value) and difference == 0:
        p_value = 1.0
    return ChangeTest(
        _verdict(aim, p_value, difference), method, p_value, difference, float(low), float(high)
    )


def test_percentages(aim: Aim, figures: AreaFigures) -> ChangeTest:
    before, after = figures.baseline, figures.current
    if not (before and after and before.base and after.base):
        return ChangeTest(
            Verdict.NOT_TESTABLE,
            "the sample sizes are not known (not published with the percentages), so the "
            "change cannot be tested for chance",
        )
    hits = (
        round(float(after.value) / 100 * after.base),
        round(float(before.value) / 100 * before.base),
    )
    return _two_proportions(
        aim, hits, (after.base, before.base), "two-proportion score test (Newcomb interval)"
    )


def test_shares(aim: Aim, component: AreaResult, total: AreaResult | None) -> ChangeTest:
    """Two-proportion score test of the share: the component's count out of the total's, in
    each period (whole counts only)."""
    hits = (_whole(component.current), _whole(component.baseline))
    bases = (_whole(total.current), _whole(total.baseline)) if total else (None, None)
    if hits[0] is None or hits[1] is None or not bases[0] or not bases[1]:
        return ChangeTest(Verdict.NOT_TESTABLE, "needs whole counts of the part and the total")
    if hits[0] > bases[0] or hits[1] > bases[1]:
        return ChangeTest(Verdict.NOT_TESTABLE, "the part is larger than its total")
    return _two_proportions(
        aim,
        (hits[0], hits[1]),
        (bases[0], bases[1]),
        "two-proportion score test of the share (Newcomb interval)",
    )


def target_met(measure: Measure, force: AreaResult) -> bool | None:
    """The latest figure held is at or beyond the target in the aim's direction."""
    figure = force.current if force.current is not None else force.baseline
    if figure is None or measure.target is None:
        return None
    return figure >= measure.target if measure.aim is Aim.INCREASE else figure <= measure.target


def standing(measure: Measure, inputs: Inputs, data: MeasureData) -> Standing | None:
    """Rank (1 = best by the aim) and funnel-plot outlier status among the group's members
    (the force included), by the current rate; needs every member's current figure."""
    areas = dict.fromkeys([inputs.force, *inputs.members])
    figures = {a: data.force if a == inputs.force else data.members.get(a) for a in areas}
    if len(figures) < 2 or any(f is None or f.current is None for f in figures.values()):
        return None
    current = {a: f.current for a, f in figures.items() if f and f.current}
    if measure.kind == MeasureKind.COUNT:
        pops = {a: inputs.populations.get(a, Populations()).current for a in areas}
        if not all(pops.values()):
            return None
        scores = {a: current[a].value / Decimal(pops[a] or 1) for a in areas}
    else:
        scores = {a: current[a].value for a in areas}
    ordered = sorted(scores.values(), reverse=measure.aim is Aim.INCREASE)
    rank = ordered.index(scores[inputs.force]) + 1
    return Standing(rank, len(areas), _outlier(measure, inputs, current, areas))


def _outlier(
    measure: Measure, inputs: Inputs, current: Mapping[str, Figure], areas: Mapping[str, None]
) -> Outlier | None:
    """Funnel-plot test: is the force's count beyond the group's 99.8% limits? Equivalently,
    is the chance of a count at least this far out, at the group's rate, below 0.1% a side
    (exact Poisson or binomial tails)."""
    tail = (1 - OUTLIER_COVERAGE) / 2
    mine = current[inputs.force]
    if measure.kind == MeasureKind.COUNT:
        pops = {a: inputs.populations[a].current or 0 for a in areas}
        count = _whole(mine.value)
        if count is None:
            return None
        rate = float(sum(current[a].value for a in areas)) / sum(pops.values())
        expected = rate * pops[inputs.force]
        at_least = special.pdtrc(count - 1, expected) if count > 0 else 1.0
        at_most = special.pdtr(count, expected)
    else:
        if not all(current[a].base for a in areas) or not mine.base:
            return None
        bases = sum(current[a].base or 0 for a in areas)
        share = float(sum(current[a].value * (current[a].base or 0) for a in areas)) / bases / 100
        hits = round(float(mine.value) / 100 * mine.base)
        at_least = special.bdtrc(hits - 1, mine.base, share) if hits > 0 else 1.0
        at_most = special.bdtr(hits, mine.base, share)
    if at_least < tail:
        return Outlier.HIGH
    if at_most < tail:
        return Outlier.LOW
    return Outlier.WITHIN


# -- the table --------------------------------------------------------------------------------


def measure_row(measure: Measure, inputs: Inputs) -> MeasureRow:
    data = inputs.data.get(measure.id, MeasureData())
    if measure.kind == MeasureKind.SHARE:
        return _share_row(measure, inputs, data)
    force_pop = inputs.populations.get(inputs.force, Populations())
    force = area_result(measure.kind, data.force, force_pop)
    group_figs, group_pop, basis = group_figures(measure, inputs, data)
    group = area_result(measure.kind, group_figs, group_pop) if group_figs else None
    comparators = {
        area: area_result(measure.kind, figures, inputs.populations.get(area, Populations()))
        for area, figures in data.comparators.items()
    }
    if measure.kind == MeasureKind.COUNT:
        test = test_counts(measure.aim, force)
    elif measure.kind == MeasureKind.PERCENTAGE:
        test = test_percentages(measure.aim, data.force)
    else:
        test = ChangeTest(Verdict.NOT_TESTABLE, NOT_A_SAMPLE[measure.kind.value])
    if measure.kind == MeasureKind.TARGET:
        met = target_met(measure, force)
    else:
        met = aim_met(measure.aim, force.baseline, force.current)
    ranked = measure.kind in (MeasureKind.COUNT, MeasureKind.PERCENTAGE)
    return MeasureRow(
        measure=measure,
        force=force,
        group=group,
        group_basis=basis,
        aim_met=met,
        test=test,
        standing=standing(measure, inputs, data) if ranked else None,
        comparators=comparators,
    )


def _share_row(measure: Measure, inputs: Inputs, data: MeasureData) -> MeasureRow:
    total = inputs.data.get(measure.share_of or "", MeasureData())
    force = share_result(data.force, total.force)
    group_part, _, basis = group_figures(measure, inputs, data)
    group_total, _, total_basis = group_figures(measure, inputs, total)
    group = None
    if group_part is not None and group_total is not None and basis == total_basis:
        group = share_result(group_part, group_total)
    comparators = {
        area: share_result(figures, total.comparators.get(area))
        for area, figures in data.comparators.items()
    }
    force_total = share_result(total.force, total.force)
    return MeasureRow(
        measure=measure,
        force=force,
        group=group,
        group_basis=basis if group else "not available",
        aim_met=aim_met(measure.aim, force.share_baseline, force.share_current),
        test=test_shares(measure.aim, force, force_total),
        standing=None,
        comparators=comparators,
    )


def compute_table(framework: Framework, inputs: Inputs) -> Table:
    rows = tuple(measure_row(measure, inputs) for measure in framework.measures)
    notes = []
    has_rates = any(m.kind == MeasureKind.COUNT for m in framework.measures)
    for period in framework.periods if has_rates else ():
        pop = inputs.populations.get(inputs.force, Populations())
        value = pop.baseline if period.name == "baseline" else pop.current
        notes.append(
            f"{period.label}: rates use the {period.population_year} population"
            + (f" ({value:,})." if value else " (not held: rates not shown).")
        )
    return Table(framework, inputs.force, rows, inputs.populations, tuple(notes))
