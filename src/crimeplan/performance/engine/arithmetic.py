"""The arithmetic of a row: rates per 1,000, changes, shares and whether the aim was met,
and the group's figures, summed or pooled over its members where every member's are held."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..constants import (
    Aim,
    MeasureKind,
)
from ..framework import GROUP, Measure
from .rows import (
    AreaFigures,
    AreaResult,
    Figure,
    Inputs,
    MeasureData,
    Populations,
)

THOUSAND = Decimal(1000)
HUNDRED = Decimal(100)


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
