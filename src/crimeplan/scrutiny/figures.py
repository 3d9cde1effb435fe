"""The ICV scheme's annual statistics and the panels' compliance figures. Pure functions over
plain records, so the annual report, the command and a notebook count the same way.

Years are financial years (April to March), as the OPCC reports them: `2025` is 2025/26 and
its quarter 1 is April to June 2025.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

ICV_COUNTS = (
    "visits",
    "detainees_in_custody",
    "offered",
    "spoken_to",
    "observed",
    "declined",
    "issues_raised",
    "issues_resolved",
    "night_visits",
    "weekend_visits",
)
ICV_COLUMNS = ["site", "quarter", *ICV_COUNTS, "night_share_percent", "weekend_share_percent"]


@dataclass(frozen=True)
class FiledVisit:
    site: str
    day: datetime.date
    is_night: bool
    detainees_in_custody: int
    offered: int
    spoken_to: int
    observed: int
    declined: int
    issues_raised: int
    issues_resolved: int


def financial_year(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter(day: datetime.date) -> int:
    return (day.month - 4) % 12 // 3 + 1


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


@dataclass
class IcvRow:
    site: str
    quarter: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ICV_COUNTS, 0))

    def share(self, name: str) -> float | None:
        visits = self.counts["visits"]
        return round(100 * self.counts[name] / visits, 1) if visits else None

    def as_dict(self) -> dict[str, object]:
        return {
            "site": self.site,
            "quarter": self.quarter,
            **self.counts,
            "night_share_percent": self.share("night_visits"),
            "weekend_share_percent": self.share("weekend_visits"),
        }


def _add(row: IcvRow, visit: FiledVisit) -> None:
    c = row.counts
    c["visits"] += 1
    c["detainees_in_custody"] += visit.detainees_in_custody
    c["offered"] += visit.offered
    c["spoken_to"] += visit.spoken_to
    c["observed"] += visit.observed
    c["declined"] += visit.declined
    c["issues_raised"] += visit.issues_raised
    c["issues_resolved"] += visit.issues_resolved
    c["night_visits"] += int(visit.is_night)
    c["weekend_visits"] += int(visit.day.weekday() >= 5)


# The labels the custody-visiting rows carry (frozen in a published report, in English).
ALL_SUITES = "All suites"
WHOLE_YEAR = "all"


def icv_figures(visits: Iterable[FiledVisit], *, year: int) -> list[IcvRow]:
    """Rows by site and quarter of the financial year, each site's year ("all"), and the
    scheme's year (site "All suites", quarter "all") last."""
    start, end = financial_year_bounds(year)
    by_cell: dict[tuple[str, str], IcvRow] = {}
    total = IcvRow(site=ALL_SUITES, quarter=WHOLE_YEAR)
    for visit in visits:
        if not start <= visit.day <= end:
            continue
        quarter = f"Q{financial_quarter(visit.day)}"
        for key in ((visit.site, quarter), (visit.site, WHOLE_YEAR)):
            _add(by_cell.setdefault(key, IcvRow(site=key[0], quarter=key[1])), visit)
        _add(total, visit)
    rows = sorted(by_cell.values(), key=lambda r: (r.site, r.quarter == WHOLE_YEAR, r.quarter))
    return [*rows, total]


@dataclass(frozen=True)
class RightFinding:
    right: str
    agency: str
    compliance: str  # "met", "not_met", "na" or "unknown"
    meeting_day: datetime.date


@dataclass
class ComplianceRow:
    key: str
    met: int = 0
    not_met: int = 0
    not_assessed: int = 0

    @property
    def rate_percent(self) -> float | None:
        assessed = self.met + self.not_met
        return round(100 * self.met / assessed, 1) if assessed else None


def compliance_by(findings: Iterable[RightFinding], *, by: str) -> list[ComplianceRow]:
    """Victims' Code compliance by `right` or `agency`: the share complied of the findings
    that could be assessed (not applicable and cannot-tell are counted apart)."""
    rows: dict[str, ComplianceRow] = {}
    for finding in findings:
        key = getattr(finding, by)
        row = rows.setdefault(key, ComplianceRow(key=key))
        if finding.compliance == "met":
            row.met += 1
        elif finding.compliance == "not_met":
            row.not_met += 1
        else:
            row.not_assessed += 1
    return [rows[k] for k in sorted(rows)]


def outcomes_over_time(
    outcomes: Iterable[tuple[datetime.date, str]],
) -> list[tuple[str, dict[str, int]]]:
    """Case outcomes per financial quarter, oldest first, e.g. ("2025/26 Q1", {...})."""
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for day, outcome in outcomes:
        cell = table[(financial_year(day), financial_quarter(day))]
        cell[outcome] = cell.get(outcome, 0) + 1
    return [
        (f"{year}/{(year + 1) % 100:02d} Q{quarter}", table[(year, quarter)])
        for year, quarter in sorted(table)
    ]
