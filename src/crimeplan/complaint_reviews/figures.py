"""Complaint review figures by financial-year quarter, from the facts of each case: pure,
no ORM.

As OPCCs publish them: applications received, applications found valid, reviews decided,
reviews upheld (the outcome found not reasonable and proportionate), the median and the
90th percentile of working days from receipt to decision, and the share decided within the
target. An application and its validity count in the quarter it was received; a decision
in the quarter it was made.

The 90th percentile is the nearest-rank one (the smallest number of days that at least 90%
of decisions took no longer than), so it is always a number some case actually took.
"""

import datetime
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .timers import working_days_between

COLUMNS = (
    "quarter",
    "applications",
    "valid",
    "decided",
    "upheld",
    "median_working_days_to_decision",
    "p90_working_days_to_decision",
    "decided_within_target",
    "share_within_target_percent",
)


@dataclass(frozen=True)
class ReviewFacts:
    received_on: datetime.date
    valid: bool | None = None
    decided_on: datetime.date | None = None
    upheld: bool = False


def quarter_of(day: datetime.date) -> str:
    """The financial-year quarter: April to June 2025 is "2025/26 Q1", January 2026 "2025/26 Q4"."""
    start_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{start_year}/{(start_year + 1) % 100:02d} Q{quarter}"


def nearest_rank_percentile(values: list[int], percent: int) -> int:
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class _Quarter:
    applications: int = 0
    valid: int = 0
    upheld: int = 0
    days: list[int] = field(default_factory=list)


def quarterly_figures(
    cases: Iterable[ReviewFacts], *, target_working_days: int
) -> list[dict[str, object]]:
    """One row per quarter with any activity, oldest first."""
    quarters: dict[str, _Quarter] = defaultdict(_Quarter)
    for case in cases:
        received = quarters[quarter_of(case.received_on)]
        received.applications += 1
        if case.valid:
            received.valid += 1
        if case.decided_on is not None:
            decided = quarters[quarter_of(case.decided_on)]
            decided.days.append(working_days_between(case.received_on, case.decided_on))
            if case.upheld:
                decided.upheld += 1
    return [_row(name, quarters[name], target_working_days) for name in sorted(quarters)]


def _row(name: str, quarter: _Quarter, target: int) -> dict[str, object]:
    days = quarter.days
    within = sum(1 for d in days if d <= target)
    return {
        "quarter": name,
        "applications": quarter.applications,
        "valid": quarter.valid,
        "decided": len(days),
        "upheld": quarter.upheld,
        "median_working_days_to_decision": statistics.median(days) if days else "",
        "p90_working_days_to_decision": nearest_rank_percentile(days, 90) if days else "",
        "decided_within_target": within,
        "share_within_target_percent": round(100 * within / len(days), 1) if days else "",
    }
