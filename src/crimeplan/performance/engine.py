"""The performance table: pure functions from figures and populations to the published row.

No ORM here. Everything printed comes from exact decimal arithmetic and is rounded half-up at
the measure's precision only when shown (`MeasureRow.printed`), never by float formatting.
Beyond the published table, each row carries a test of the change (a Poisson score test for
counts with population as exposure; a two-proportion score test for percentages with known
sample sizes), a verdict, and the force's rank and outlier status among the group's members.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from scipy import special
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from .constants import (
    ALPHA,
    FORCE_CHANGE_DECIMALS,
    GROUP_CHANGE_DECIMALS,
    OUTLIER_COVERAGE,
    POINTS_DECIMALS,
    RATE_DECIMALS,
    Aim,
    ChangeUnit,
    MeasureKind,
    Outlier,
    Verdict,
)
from .framework import GROUP, Framework, Measure

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
    return MeasureData(
        force=area(force),
        group=group if group.baseline or group.current else None,
        members={m: area(m) for m in members},
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


@dataclass(frozen=True)
class ChangeTest:
    verdict: Verdict
    method: str
    p_value: float | None = None
    estimate: float | None = None  # rate ratio (counts) or difference in proportions
    low: float | None = None
    high: float | None = None


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

    @property
    def change_unit(self) -> ChangeUnit:
        return ChangeUnit.PERCENT if self.measure.kind == MeasureKind.COUNT else ChangeUnit.POINTS

    @property
    def rate_decimals(self) -> int:
        m = self.measure
        return RATE_DECIMALS if m.rate_decimals is None else m.rate_decimals

    def change_decimals(self, *, group: bool) -> int:
        if self.measure.change_decimals is not None:
            return self.measure.change_decimals
        if self.measure.kind == MeasureKind.PERCENTAGE:
            return POINTS_DECIMALS
        return GROUP_CHANGE_DECIMALS if group else FORCE_CHANGE_DECIMALS

    def printed(self) -> dict[str, str]:
        """The row as the table prints it: the CSV columns, in order."""
        g = self.group
        rate = self.rate_decimals
        cells = {
            "measure": self.measure.name,
            "aim": self.measure.aim.value,
            "force_baseline": figure_text(self.force.baseline),
            "group_baseline": figure_text(g.baseline if g else None),
            "force_current": figure_text(self.force.current),
            "group_current": figure_text(g.current if g else None),
            "force_rate_baseline": fixed(self.force.rate_baseline, rate),
            "group_rate_baseline": fixed(g.rate_baseline if g else None, rate),
            "force_rate_current": fixed(self.force.rate_current, rate),
            "group_rate_current": fixed(g.rate_current if g else None, rate),
            "force_change": fixed(self.force.change, self.change_decimals(group=False)),
            "group_change": fixed(g.change if g else None, self.change_decimals(group=True)),
            "change_unit": self.change_unit.value,
            "aim_met": "" if self.aim_met is None else ("yes" if self.aim_met else "no"),
            "p_value": "" if self.test.p_value is None else f"{self.test.p_value:.4g}",
            "verdict": self.test.verdict.value,
            "priorities": " ".join(self.measure.priorities),
            "force_rate_change": fixed(self.force.rate_change, rate),
            "group_rate_change": fixed(g.rate_change if g else None, rate),
        }
        return {column: cells[column] for column in CSV_COLUMNS}


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
    if kind == MeasureKind.PERCENTAGE:
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


def aim_met(aim: Aim, baseline: Decimal | None, current: Decimal | None) -> bool | None:
    """As published: the change is in the aim's direction; no change is not met."""
    if baseline is None or current is None:
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
    each member's figures (and, for counts, populations) are held; else the `msg` figure."""
    members = inputs.members
    held = [data.members.get(m) for m in members]
    complete = bool(members) and all(f is not None and f.complete for f in held)
    if complete:
        figures = [f for f in held if f is not None]
        if measure.kind == MeasureKind.COUNT:
            pops = [inputs.populations.get(m, Populations()) for m in members]
            if all(p.complete for p in pops):
                population = Populations(
                    sum(p.baseline or 0 for p in pops), sum(p.current or 0 for p in pops)
                )
                return _sum_figures(figures), population, f"sum of {len(members)} member forces"
        else:
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


def test_percentages(aim: Aim, figures: AreaFigures) -> ChangeTest:
    before, after = figures.baseline, figures.current
    if not (before and after and before.base and after.base):
        return ChangeTest(Verdict.NOT_TESTABLE, "sample sizes not known")
    hits = [round(float(f.value) / 100 * f.base) for f in (after, before) if f.base]
    args = (hits[0], after.base, hits[1], before.base)
    result = test_proportions_2indep(*args, method="score", compare="diff")
    # Newcomb's hybrid score interval: closed form, so it never fails to converge.
    low, high = confint_proportions_2indep(*args, method="newcomb", compare="diff", alpha=ALPHA)
    difference = hits[0] / after.base - hits[1] / before.base
    p_value = float(result.pvalue)
    return ChangeTest(
        _verdict(aim, p_value, difference),
        "two-proportion score test (Newcomb interval)",
        p_value,
        difference,
        float(low),
        float(high),
    )


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
    force_pop = inputs.populations.get(inputs.force, Populations())
    force = area_result(measure.kind, data.force, force_pop)
    group_figs, group_pop, basis = group_figures(measure, inputs, data)
    group = area_result(measure.kind, group_figs, group_pop) if group_figs else None
    if measure.kind == MeasureKind.COUNT:
        test = test_counts(measure.aim, force)
    else:
        test = test_percentages(measure.aim, data.force)
    return MeasureRow(
        measure=measure,
        force=force,
        group=group,
        group_basis=basis,
        aim_met=aim_met(measure.aim, force.baseline, force.current),
        test=test,
        standing=standing(measure, inputs, data),
    )


def compute_table(framework: Framework, inputs: Inputs) -> Table:
    rows = tuple(measure_row(measure, inputs) for measure in framework.measures)
    notes = []
    for period in framework.periods:
        pop = inputs.populations.get(inputs.force, Populations())
        value = pop.baseline if period.name == "baseline" else pop.current
        notes.append(
            f"{period.label}: rates use the {period.population_year} population"
            + (f" ({value:,})." if value else " (not held: rates not shown).")
        )
    return Table(framework, inputs.force, rows, inputs.populations, tuple(notes))
