"""The test of the change (a Poisson score test for counts with population as exposure; a
two-proportion score test for percentages and shares with known sample sizes), its verdict,
whether a target was met, and the force's rank and outlier status among the group's members."""

import math
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
from scipy import special
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from ..constants import (
    ALPHA,
    OUTLIER_COVERAGE,
    Aim,
    MeasureKind,
    Outlier,
    Verdict,
)
from ..framework import Measure
from .rows import (
    AreaFigures,
    AreaResult,
    ChangeTest,
    Figure,
    Inputs,
    MeasureData,
    Populations,
    Standing,
)


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
