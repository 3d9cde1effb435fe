"""What dashboards and exports read: stored counts and the data quality behind them."""

import datetime
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
from django.db.models import QuerySet, Sum

from crimeplan.accounts.permissions import Viewer
from crimeplan.geography.models import Force, Lsoa

from . import policeuk
from .constants import DatasetKind
from .models import CrimeCount, ImportRun, Slice
from .permissions import ANALYSTS

SUMMARY_DIMENSIONS = ("month", "crime_type", "district", "lsoa")
# A month with fewer rows than this share of the force's median month is flagged partial.
PARTIAL_MONTH_SHARE = 0.5
NO_DISTRICT = "No LSOA, so no district"
NO_LSOA = "No LSOA"
DISTRICTS_NOT_LOADED = "District not known (this force's LSOAs are not loaded)"
OUTSIDE_AREA = "LSOA outside the force area"


def month_start(text: str) -> datetime.date:
    """`YYYY-MM` → the first day of that month; ValueError names what is wrong."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a month in the form YYYY-MM") from None


def crime_summary(
    *,
    force: Force,
    by: list[str],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kind: str = DatasetKind.STREET,
) -> list[dict[str, Any]]:
    """Stored street-level counts grouped by the chosen dimensions, in a stable order.

    Rows without an LSOA, or with one outside the force's loaded LSOAs, are kept under a
    named heading in a district breakdown, never dropped.
    """
    unknown = [d for d in by if d not in SUMMARY_DIMENSIONS]
    if unknown or not by:
        raise ValueError(
            f"--by takes some of {', '.join(SUMMARY_DIMENSIONS)}, "
            f"not {', '.join(unknown) or 'nothing'}"
        )
    has_lsoas = Lsoa.objects.filter(district__force=force).exists()
    if "lsoa" in by:
        found = _counts_by_lsoa(force=force, kind=kind, start=start, end=end)
    else:
        found = _counts_by_district(force=force, by=by, kind=kind, start=start, end=end)
    rows: dict[tuple[Any, ...], int] = {}
    for row in found:
        values = []
        for d in by:
            value = row[d]
            if d == "month":
                value = f"{value:%Y-%m}"
            elif d == "district" and value is None:
                if not row["has_lsoa"]:
                    value = NO_DISTRICT
                else:
                    value = OUTSIDE_AREA if has_lsoas else DISTRICTS_NOT_LOADED
            values.append(value)
        rows[tuple(values)] = rows.get(tuple(values), 0) + row["n"]
    return [
        {**dict(zip(by, key, strict=True)), "count": n}
        for key, n in sorted(rows.items(), key=_sort_key)
    ]


def _counts_by_district(
    *,
    force: Force,
    by: list[str],
    kind: str,
    start: datetime.date | None,
    end: datetime.date | None,
) -> Iterator[dict[str, Any]]:
    """The stored summary: counts by month, crime type and district."""
    counts = CrimeCount.objects.filter(force=force, kind=kind)
    if start:
        counts = counts.filter(month__gte=start)
    if end:
        counts = counts.filter(month__lte=end)
    fields = {"month": "month", "crime_type": "crime_type", "district": "district__name"}
    group = [fields[d] for d in by]
    if "district" in by:
        group.append("has_lsoa")
    for row in counts.values(*group).annotate(n=Sum("count")).order_by(*group):
        yield {d: row[fields[d]] for d in by} | {"has_lsoa": row.get("has_lsoa"), "n": row["n"]}


def _counts_by_lsoa(
    *, force: Force, kind: str, start: datetime.date | None, end: datetime.date | None
) -> Iterator[dict[str, Any]]:
    """Counts by month, crime type and LSOA, read by DuckDB from the force's imported rows
    (the slices in use); each LSOA's district is the force's own LSOA's, if loaded."""
    slices = Slice.objects.filter(force=force, kind=kind)
    if start:
        slices = slices.filter(month__gte=start)
    if end:
        slices = slices.filter(month__lte=end)
    months = [f"{m:%Y-%m}" for m in slices.values_list("month", flat=True)]
    rows = policeuk.published_rows(kind=kind, forces=[force.police_uk_id], months=months)
    if rows is None:
        return
    districts = dict(
        Lsoa.objects.filter(district__force=force).values_list("code", "district__name")
    )
    with duckdb.connect() as db:
        found = db.execute(
            f"SELECT month, crime_type, coalesce(lsoa_code, ''), count(*) FROM {rows} GROUP BY ALL"  # noqa: S608 - published_rows quotes its values
        ).fetchall()
    for month, crime_type, lsoa_code, n in found:
        yield {
            "month": datetime.date(int(month[:4]), int(month[5:7]), 1),
            "crime_type": crime_type,
            "lsoa": lsoa_code or NO_LSOA,
            "district": districts.get(lsoa_code),
            "has_lsoa": bool(lsoa_code),
            "n": n,
        }


def _sort_key(item: tuple[tuple[Any, ...], int]) -> tuple[str, ...]:
    return tuple(str(v) for v in item[0])


@dataclass
class MonthQuality:
    month: str
    rows: int
    without_location: int
    without_lsoa: int
    lsoa_outside_area: int | None
    duplicate_crime_ids: int
    rejected: int
    rejected_by_reason: dict[str, int]
    partial: bool

    @property
    def share_without_lsoa(self) -> float:
        return self.without_lsoa / self.rows if self.rows else 0.0

    @property
    def share_without_location(self) -> float:
        return self.without_location / self.rows if self.rows else 0.0


@dataclass
class QualityReport:
    force: Force
    kind: str
    months: list[MonthQuality] = field(default_factory=list)
    missing_months: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(m.rows for m in self.months)

    @property
    def without_lsoa(self) -> int:
        return sum(m.without_lsoa for m in self.months)

    @property
    def partial_months(self) -> list[str]:
        return [m.month for m in self.months if m.partial]

    def notes(self) -> list[str]:
        """Plain-English notes to show beside any figure that uses this data."""
        notes = []
        if self.missing_months:
            notes.append(f"No data for {', '.join(self.missing_months)}.")
        if self.partial_months:
            notes.append(
                f"Possibly partial (under half the usual rows): {', '.join(self.partial_months)}."
            )
        if self.rows and self.without_lsoa:
            notes.append(
                f"{self.without_lsoa:,} of {self.rows:,} crimes "
                f"({self.without_lsoa / self.rows:.1%}) had no location or LSOA, so no district: "
                "district figures leave them out and are shown beside them."
            )
        outside = sum(m.lsoa_outside_area or 0 for m in self.months)
        if outside:
            notes.append(f"{outside:,} crimes were placed in LSOAs outside the force area.")
        duplicates = sum(m.duplicate_crime_ids for m in self.months)
        if duplicates:
            notes.append(f"{duplicates:,} rows repeat a crime id already seen in the same month.")
        rejected = sum(m.rejected for m in self.months)
        if rejected:
            notes.append(f"{rejected:,} rows were rejected on import (see the import records).")
        return notes


def data_quality(
    *,
    force: Force,
    kind: str = DatasetKind.STREET,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QualityReport:
    slices = Slice.objects.filter(force=force, kind=kind).order_by("month")
    if start:
        slices = slices.filter(month__gte=start)
    if end:
        slices = slices.filter(month__lte=end)
    report = QualityReport(force=force, kind=kind)
    held = list(slices)
    if not held:
        return report
    median = statistics.median(s.rows for s in held)
    for s in held:
        report.months.append(
            MonthQuality(
                month=f"{s.month:%Y-%m}",
                rows=s.rows,
                without_location=s.rows_without_location,
                without_lsoa=s.rows_without_lsoa,
                lsoa_outside_area=s.rows_lsoa_outside_area,
                duplicate_crime_ids=s.duplicate_crime_ids,
                rejected=s.rows_rejected,
                rejected_by_reason=s.rejected_by_reason,
                partial=s.rows < PARTIAL_MONTH_SHARE * median,
            )
        )
    first, last = (start or held[0].month), (end or held[-1].month)
    present = {s.month for s in held}
    month = first
    while month <= last:
        if month not in present:
            report.missing_months.append(f"{month:%Y-%m}")
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return report


def forces_with_data(*, kind: str = DatasetKind.STREET) -> QuerySet[Force]:
    return Force.objects.filter(slices__kind=kind).distinct().order_by("short_name")


def import_list(*, viewer: Viewer) -> QuerySet[ImportRun]:
    if not viewer.has_any(ANALYSTS):
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("created_by")


def shows_summary(viewer: Viewer) -> bool:
    """The "Crime data" menu entry: every member."""
    return viewer.is_member


def shows_imports(viewer: Viewer) -> bool:
    """The "Imports" menu entry: the OPCC's administrators and analysts."""
    return viewer.has_any(ANALYSTS)
