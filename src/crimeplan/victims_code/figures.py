"""Victims' Code compliance figures: per right and agency, and for all agencies, the share of
eligible victims for whom the right was complied with, its 95% Wilson interval, and the change
since last quarter put to a test of chance (the two-proportion score test the performance
framework uses, with its verdict words). Pure functions over plain counts: no ORM, no request.

"All agencies" adds up the agencies that returned the right this quarter; its change is measured
on the agencies that returned the right in both quarters (both sides), so an agency that missed
one quarter's return does not make a change that is only a change in who returned.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.proportion import proportion_confint, test_proportions_2indep

from crimeplan.performance.constants import ALPHA, Verdict

ALL_AGENCIES = "All agencies"
NOT_ENOUGH = "not enough victims to say"
NO_PREVIOUS = "no figure last quarter"

COLUMNS = [
    "right",
    "agency",
    "eligible",
    "complied",
    "rate_percent",
    "low_percent",
    "high_percent",
    "previous_eligible",
    "previous_complied",
    "previous_rate_percent",
    "change_points",
    "p_value",
    "verdict",
]


@dataclass(frozen=True)
class Count:
    """One agency's return line: the right's code, the agency's name and the two counts."""

    right: str
    agency: str
    eligible: int
    complied: int


@dataclass(frozen=True)
class Rate:
    eligible: int
    complied: int
    rate: float | None  # 0 to 1; None when no victim was eligible
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Row:
    right: str
    agency: str
    current: Rate
    previous: Rate | None
    change_points: float | None
    p_value: float | None
    verdict: str

    def as_dict(self, right_labels: dict[str, str] | None = None) -> dict[str, object]:
        """A row for a download or the API: percentages to one decimal place."""

        def pct(value: float | None) -> float | str:
            return "" if value is None else round(100 * value, 1)

        previous = self.previous
        return {
            "right": (right_labels or {}).get(self.right, self.right),
            "agency": self.agency,
            "eligible": self.current.eligible,
            "complied": self.current.complied,
            "rate_percent": pct(self.current.rate),
            "low_percent": pct(self.current.low),
            "high_percent": pct(self.current.high),
            "previous_eligible": "" if previous is None else previous.eligible,
            "previous_complied": "" if previous is None else previous.complied,
            "previous_rate_percent": "" if previous is None else pct(previous.rate),
            "change_points": "" if self.change_points is None else round(self.change_points, 1),
            "p_value": "" if self.p_value is None else round(self.p_value, 4),
            "verdict": self.verdict,
        }


def rate(eligible: int, complied: int) -> Rate:
    """The share complied with and its 95% Wilson interval."""
    if eligible < 0 or complied < 0 or complied > eligible:
        raise ValueError(f"complied {complied} must be between 0 and eligible {eligible}")
    if eligible == 0:
        return Rate(0, 0, None, None, None)
    low, high = proportion_confint(complied, eligible, alpha=ALPHA, method="wilson")
    share = complied / eligible
    # At 0% or 100% the closed form is off by a rounding error (2.8e-17 for 0 of 7).
    return Rate(
        eligible,
        complied,
        share,
        max(0.0, min(float(low), share)),
        min(1.0, max(float(high), share)),
    )


def change(current: Rate, previous: Rate | None, *, min_base: int) -> tuple[str, float | None]:
    """The verdict on the change since `previous`, and the test's p-value (None untested)."""
    if previous is None or previous.rate is None or current.rate is None:
        return NO_PREVIOUS, None
    if current.eligible < min_base or previous.eligible < min_base:
        return NOT_ENOUGH, None
    difference = current.rate - previous.rate
    # Both shares 0% or both 100%: statsmodels divides by zero, and there is no change to test.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = test_proportions_2indep(
            current.complied,
            current.eligible,
            previous.complied,
            previous.eligible,
            method="score",
            compare="diff",
        )
    p_value = float(result.pvalue)
    if math.isnan(p_value):
        p_value = 1.0
    if p_value >= ALPHA or difference == 0:
        return Verdict.NO_CHANGE.value, p_value
    verdict = Verdict.IMPROVEMENT if difference > 0 else Verdict.DETERIORATION
    return verdict.value, p_value


def _row(
    right: str,
    agency: str,
    now: Rate,
    before: Rate | None,
    min_base: int,
    compared: Rate | None = None,
) -> Row:
    """`compared` is the part of `now` that `before` is compared with (all of it by default)."""
    compared = compared or now
    verdict, p_value = change(compared, before, min_base=min_base)
    points = None
    if before is not None and before.rate is not None and compared.rate is not None:
        points = 100 * (compared.rate - before.rate)
    return Row(right, agency, now, before, points, p_value, verdict)


def _total(counts: Iterable[Count]) -> Rate:
    counts = list(counts)
    return rate(sum(c.eligible for c in counts), sum(c.complied for c in counts))


def compliance_rows(
    current: Iterable[Count], previous: Iterable[Count], *, min_base: int
) -> list[Row]:
    """Every right's "All agencies" row, then its agencies' rows by name, rights in order."""
    now = {(c.right, c.agency): c for c in current}
    before = {(c.right, c.agency): c for c in previous}
    by_right: dict[str, list[Count]] = defaultdict(list)
    for count in now.values():
        by_right[count.right].append(count)
    rows = []
    for right in sorted(by_right):
        counts = sorted(by_right[right], key=lambda c: c.agency)
        both = [c for c in counts if (right, c.agency) in before]
        total_before = _total(before[(right, c.agency)] for c in both) if both else None
        rows.append(_row(right, ALL_AGENCIES, _total(counts), total_before, min_base, _total(both)))
        for count in counts:
            earlier = before.get((right, count.agency))
            rows.append(
                _row(
                    right,
                    count.agency,
                    rate(count.eligible, count.complied),
                    rate(earlier.eligible, earlier.complied) if earlier else None,
                    min_base,
                )
            )
    return rows
