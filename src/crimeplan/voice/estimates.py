"""Weighted percentages with design-based 95% intervals, and the change since last year.

Pure: the weighted responses to one question in, one estimate per district and for the county
out. svy computes the variance by Taylor linearisation with districts as strata, so the
interval widens with unequal weights, and forms a logit interval that stays inside 0 to 100%.
Respondents who gave no valid answer are outside the base (a domain, not deleted rows).
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl
import svy
from scipy import stats

COUNTY = ""  # the area code used for the whole force area
DEFAULT_MIN_BASE = 50
ALPHA = 0.05


@dataclass(frozen=True)
class Estimate:
    area: str  # a district code, or COUNTY
    base: int  # respondents who answered (unweighted)
    percent: float | None  # None when the base is under the minimum
    lower: float | None
    upper: float | None
    standard_error: float | None  # in percentage points

    @property
    def suppressed(self) -> bool:
        return self.percent is None


@dataclass(frozen=True)
class Change:
    points: float  # percentage points, this year minus last
    z: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA


def question_estimates(
    *,
    districts: Sequence[str],
    weights: Sequence[float],
    answers: Sequence[str | None],
    positive: set[str],
    min_base: int = DEFAULT_MIN_BASE,
) -> dict[str, Estimate]:
    """Percent giving a `positive` answer, per district and for the county (key COUNTY).

    `answers[i]` is respondent i's answer code, None when they gave no valid answer."""
    frame = pl.DataFrame(
        {
            "district": list(districts),
            "weight": [float(w) for w in weights],
            "answered": [a is not None for a in answers],
            "positive": [int(a in positive) if a is not None else 0 for a in answers],
        }
    )
    bases = dict(frame.filter(pl.col("answered")).group_by("district").len().iter_rows())
    results: dict[str, Estimate] = {}
    answered = svy.col("answered") == True  # noqa: E712 (a svy expression, not a comparison)
    # A district (or victims' group) with a single respondent is a stratum of one unit, whose
    # variance cannot be estimated: it is taken around the grand mean (R's lonely.psu =
    # "adjust"), the conservative rule, rather than refusing the whole estimate.
    sample = svy.Sample(frame, svy.Design(stratum="district", wgt="weight", singleton="center"))
    county_base = sum(bases.values())
    if county_base >= max(min_base, 2):
        rows = _table(sample.estimation.prop("positive", where=answered))
        results[COUNTY] = _estimate(COUNTY, county_base, rows)
    else:
        results[COUNTY] = _suppressed(COUNTY, county_base)
    rows_by_district = (
        _table(sample.estimation.prop("positive", by="district", where=answered))
        if county_base
        else None
    )
    for district in sorted(set(districts)):
        base = int(bases.get(district, 0))
        if base < max(min_base, 2) or rows_by_district is None:
            results[district] = _suppressed(district, base)
            continue
        rows = rows_by_district.filter(pl.col("district") == district)
        results[district] = _estimate(district, base, rows)
    return results


def _table(result: object) -> pl.DataFrame:
    """svy returns one result for one column (a list only for a list of columns)."""
    if isinstance(result, list):
        raise TypeError("expected one estimate, not a list")
    return result.to_polars()  # type: ignore[attr-defined]


def _suppressed(area: str, base: int) -> Estimate:
    return Estimate(area, base, None, None, None, None)


def _estimate(area: str, base: int, rows: pl.DataFrame) -> Estimate:
    level = rows.filter(pl.col("positive") == 1)
    share = float(level["est"][0]) if not level.is_empty() else 0.0
    if share in {0.0, 1.0}:
        # Everyone answered alike: the logit interval is undefined, so the exact
        # (Clopper-Pearson) interval on the unweighted base stands in for it.
        interval = stats.binomtest(round(share * base), base).proportion_ci()
        return Estimate(
            area, base, 100 * share, 100 * float(interval.low), 100 * float(interval.high), 0.0
        )
    row = level.row(0, named=True)
    if not (math.isfinite(row["lci"]) and math.isfinite(row["uci"])):
        # Too few respondents per stratum for a design-based variance (no degrees of
        # freedom): the exact interval on the unweighted base stands in, widened if need be
        # to hold the weighted estimate.
        interval = stats.binomtest(round(share * base), base).proportion_ci()
        low, high = min(float(interval.low), share), max(float(interval.high), share)
        error = row["se"] if math.isfinite(row["se"]) else 0.0
        return Estimate(area, base, 100 * share, 100 * low, 100 * high, 100 * error)
    return Estimate(
        area, base, 100 * row["est"], 100 * row["lci"], 100 * row["uci"], 100 * row["se"]
    )


def change_since(now: Estimate, before: Estimate) -> Change | None:
    """Difference in percentage points between two independent annual samples, with a
    two-sided z test on their design-based standard errors; None when either is suppressed."""
    if (
        now.percent is None
        or before.percent is None
        or now.standard_error is None
        or before.standard_error is None
    ):
        return None
    points = now.percent - before.percent
    spread = math.hypot(now.standard_error, before.standard_error)
    if spread == 0:
        return Change(points, 0.0, 1.0) if points == 0 else Change(points, math.inf, 0.0)
    z = points / spread
    return Change(points, z, float(2 * stats.norm.sf(abs(z))))


def positives(codes: Mapping[str, str], positive: Sequence[str]) -> set[str]:
    """The positive answer codes, checked against the question's codes."""
    unknown = set(positive) - set(codes)
    if unknown:
        raise ValueError(f"positive answers {sorted(unknown)} are not codes of the question")
    return set(positive)
