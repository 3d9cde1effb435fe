"""XmR charts with the NHS "Making Data Count" rules (as NHSRplotthedots computes them).

Per segment (a new segment starts at each rebase month): the mean and the average moving
range (moving ranges at or above 3.267 times their average screened out, the average taken
again) from the segment's first `fix_after` points, or all of them; process limits at
mean ± 2.66 times average moving range; "close to a limit" beyond two thirds of that. A point is
special cause when it is outside the limits, part of 7 consecutive points on one side of the
mean (shift), part of 7 consecutive points each rising or each falling (trend), or close to a
limit in a run where two of three consecutive points are close to the same limit (two of
three). Special-cause points are improvement or concern by which side of the mean they lie
on, given the aim. A target gives an assurance: pass or fail when it lies beyond the latest
limits, inconsistent when it lies between them.

Exact decimal arithmetic throughout, so results do not depend on float rounding.
"""

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .constants import Aim, Assurance, PointType, Rule

LIMIT = Decimal("2.66")
CLOSE = 2 * LIMIT / 3
SCREEN = Decimal("3.267")
RUN = 7  # points in a shift or a trend
MIN_RELIABLE_POINTS = 12


class SeriesError(ValueError):
    """A series that cannot be charted: says which month or option is wrong."""


@dataclass(frozen=True)
class SpcPoint:
    month: datetime.date
    value: Decimal
    segment: int
    mean: Decimal
    lower_limit: Decimal
    upper_limit: Decimal
    rules: tuple[Rule, ...]
    point_type: PointType


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    assurance: Assurance | None
    warnings: tuple[str, ...]
    # The segments whose limits rest on too few points: (first month, points used), the
    # facts each warning states, so that it can be worded in another language.
    short_segments: tuple[tuple[datetime.date, int], ...] = ()

    @property
    def latest(self) -> SpcPoint | None:
        return self.points[-1] if self.points else None


def next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


@dataclass(frozen=True)
class _Limits:
    mean: Decimal
    amr: Decimal


def _limits(values: Sequence[Decimal], fix_after: int | None) -> _Limits:
    base = list(values[:fix_after]) if fix_after else list(values)
    mean = sum(base, Decimal(0)) / len(base)
    ranges = [abs(b - a) for a, b in itertools.pairwise(base)]
    if not ranges:
        return _Limits(mean, Decimal(0))
    amr = sum(ranges, Decimal(0)) / len(ranges)
    kept = [r for r in ranges if r < SCREEN * amr]
    amr = sum(kept, Decimal(0)) / len(kept) if kept else Decimal(0)
    return _Limits(mean, amr)


def _runs(keys: Sequence[int], length: int) -> list[tuple[int, int]]:
    """(start, stop) of each run of at least `length` equal, non-zero keys."""
    runs = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] != 0 and i - start >= length:
                runs.append((start, i))
            start = i
    return runs


def _shift_flags(sides: Sequence[int]) -> list[bool]:
    """Points in a run of 7 or more on one side of the mean."""
    flags = [False] * len(sides)
    for start, stop in _runs(sides, RUN):
        flags[start:stop] = [True] * (stop - start)
    return flags


def _trend_flags(values: Sequence[Decimal]) -> list[bool]:
    """Points in a run of 7 or more each rising (or each falling) from the one before."""
    flags = [False] * len(values)
    steps = [_sign(b - a) for a, b in itertools.pairwise(values)]
    for start, stop in _runs(steps, RUN - 1):  # 6 steps join 7 points
        flags[start : stop + 1] = [True] * (stop + 1 - start)
    return flags


def _two_of_three_flags(close: Sequence[bool], sides: Sequence[int]) -> list[bool]:
    flags = [False] * len(close)
    for start in range(len(close) - 2):
        window = range(start, start + 3)
        same_side = abs(sum(sides[i] for i in window)) == 3
        if same_side and sum(close[i] for i in window) >= 2:
            for i in window:
                if close[i]:
                    flags[i] = True
    return flags


def _segment_points(
    months: Sequence[datetime.date],
    values: Sequence[Decimal],
    segment: int,
    aim: Aim | None,
    fix_after: int | None,
) -> list[SpcPoint]:
    limits = _limits(values, fix_after)
    lower = limits.mean - LIMIT * limits.amr
    upper = limits.mean + LIMIT * limits.amr
    near_lower = limits.mean - CLOSE * limits.amr
    near_upper = limits.mean + CLOSE * limits.amr
    outside = [v > upper or v < lower for v in values]
    close = [
        not out and (v < near_lower or v > near_upper)
        for v, out in zip(values, outside, strict=True)
    ]
    sides = [_sign(v - limits.mean) for v in values]
    by_rule = {
        Rule.OUTSIDE_LIMITS: outside,
        Rule.SHIFT: _shift_flags(sides),
        Rule.TREND: _trend_flags(values),
        Rule.TWO_OF_THREE: _two_of_three_flags(close, sides),
    }
    points = []
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        rules = tuple(rule for rule, flags in by_rule.items() if flags[i])
        if not rules:
            point_type = PointType.COMMON_CAUSE
        elif aim is None:
            point_type = PointType.NEUTRAL
        elif sides[i] == aim.sign:
            point_type = PointType.IMPROVEMENT
        else:
            point_type = PointType.CONCERN
        points.append(SpcPoint(month, value, segment, limits.mean, lower, upper, rules, point_type))
    return points


def _check_series(months: Sequence[datetime.date], values: Sequence[Decimal]) -> None:
    if len(months) != len(values):
        raise SeriesError("months and values differ in number")
    if not months:
        raise SeriesError("the series is empty")
    for previous, month in itertools.pairwise(months):
        if month != next_month(previous):
            raise SeriesError(
                f"{month:%Y-%m} follows {previous:%Y-%m}: the months must be consecutive, "
                "with no gaps or repeats"
            )


def xmr(
    months: Sequence[datetime.date],
    values: Sequence[Decimal],
    *,
    aim: Aim | None,
    rebase: Iterable[datetime.date] = (),
    fix_after: int | None = None,
    target: Decimal | None = None,
) -> SpcResult:
    _check_series(months, values)
    if fix_after is not None and fix_after < 2:
        raise SeriesError("fix-after must be at least 2 points (a moving range needs two)")
    starts = sorted(set(rebase))
    index = {month: i for i, month in enumerate(months)}
    for month in starts:
        if month not in index:
            raise SeriesError(f"rebase month {month:%Y-%m} is not in the series")
    cuts = sorted({0, *(index[m] for m in starts)})
    bounds = list(zip(cuts, [*cuts[1:], len(months)], strict=True))
    points: list[SpcPoint] = []
    warnings = []
    short = []
    for segment, (start, stop) in enumerate(bounds):
        seg_months, seg_values = months[start:stop], values[start:stop]
        used = min(len(seg_values), fix_after or len(seg_values))
        if used < 2:
            raise SeriesError(
                f"the segment starting {seg_months[0]:%Y-%m} has {used} point: limits need "
                "at least 2"
            )
        if used < MIN_RELIABLE_POINTS:
            short.append((seg_months[0], used))
            warnings.append(
                f"The limits from {seg_months[0]:%Y-%m} rest on {used} points; "
                f"{MIN_RELIABLE_POINTS} or more are needed for reliable limits."
            )
        points += _segment_points(seg_months, seg_values, segment, aim, fix_after)
    return SpcResult(
        tuple(points), _assurance(points[-1], aim, target), tuple(warnings), tuple(short)
    )


def _assurance(latest: SpcPoint, aim: Aim | None, target: Decimal | None) -> Assurance | None:
    if target is None or aim is None:
        return None
    if target > latest.upper_limit:
        return Assurance.FAIL if aim is Aim.INCREASE else Assurance.PASS
    if target < latest.lower_limit:
        return Assurance.PASS if aim is Aim.INCREASE else Assurance.FAIL
    return Assurance.INCONSISTENT
