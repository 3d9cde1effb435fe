"""What other apps read of the crime data: typed figures, and the data version every cache of
figures derived from them keys on.

`data_version()` changes whenever anything these functions return may have changed: a
successful import (police.uk slices and counts, recorded crime, the aggregated-data and
population templates all arrive by one) or any change to an offence measure (its codes, name
or switching off), however it was made. A cache keyed on it can never serve figures from
before such a change.

Other apps read crime figures through this module (and the public `constants` and `models`
names), never through the importers' private helpers. It also lends them what the importers
share for reading the same kinds of file (performance reads the aggregated-data template
without the database, and loads its own files with the same checks), and the SQL over the
published police.uk rows that DuckDB analyses read.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, Q, Sum

from . import aggregates
from .aggregates import AggregateRow, Area, AreaIndex, Cell, FileReader, PopulationRow
from .aggregates import _text as cell_text
from .categories import PoliceUkCategories, police_uk_categories
from .constants import AreaKind, DatasetKind, ImportStatus
from .files import archive_problem, sha256_of
from .importing import ImportFileError, RejectedRows, csv_records
from .models import (
    AggregateValue,
    AreaPopulation,
    CrimeCount,
    ImportRun,
    OffenceMeasure,
    RecordedCrime,
    Slice,
)

__all__ = [
    "AggregateFigure",
    "AggregateRow",
    "Area",
    "AreaIndex",
    "AreaPopulationFigure",
    "Cell",
    "FileReader",
    "ImportFileError",
    "PoliceUkCategories",
    "PopulationRow",
    "RecordedCrimeCount",
    "RejectedRows",
    "StreetCount",
    "aggregate_figures",
    "aggregate_single_months",
    "aggregates_import",
    "archive_problem",
    "cell_text",
    "comparator_populations",
    "csv_records",
    "data_version",
    "latest_import_finished",
    "offence_measure_codes",
    "police_uk_categories",
    "published_rows",
    "recorded_crime_counts",
    "sha256_of",
    "street_counts",
    "street_district_totals",
    "street_monthly_totals",
    "street_months_held",
]


# -- the data version --------------------------------------------------------------------------


def data_version() -> str:
    """A short digest that changes whenever any figure this module serves may have changed.

    Cheap enough to read on each request (one aggregate over the imports and the offence
    measures' rows, a few dozen); callers that want fewer queries hold it for a moment.
    """
    imports = ImportRun.objects.filter(status=ImportStatus.SUCCEEDED).aggregate(
        count=Count("pk"), last=Max("finished_at"), top=Max("pk")
    )
    measures = list(
        OffenceMeasure.objects.order_by("pk").values_list(
            "pk", "slug", "name", "offence_codes", "disabled_on"
        )
    )
    parts = (
        imports["count"],
        imports["last"].isoformat() if imports["last"] else None,
        imports["top"],
        measures,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def latest_import_finished() -> datetime.datetime | None:
    """When the latest successful import finished (the "as at" of figures), if any did."""
    latest: datetime.datetime | None = ImportRun.objects.filter(
        status=ImportStatus.SUCCEEDED
    ).aggregate(latest=Max("finished_at"))["latest"]
    return latest


# -- the aggregated-data and population templates -----------------------------------------------


@dataclass(frozen=True, slots=True)
class AggregateFigure:
    measure: str
    area_kind: str  # an AreaKind
    area_code: str  # a force's police.uk id (group and region figures: the force whose)
    period_start: datetime.date
    period_end: datetime.date  # the first day of the last month
    value: Decimal


def aggregate_figures(
    *,
    measures: Iterable[str],
    area_kinds: Iterable[str],
    area_codes: Iterable[str],
    period_starts: Iterable[datetime.date],
) -> list[AggregateFigure]:
    """The template's figures of these measures, kinds of area, areas and period starts."""
    rows = AggregateValue.objects.filter(
        measure__in=list(measures),
        area_kind__in=list(area_kinds),
        area_code__in=list(area_codes),
        period_start__in=list(period_starts),
    ).values_list("measure", "area_kind", "area_code", "period_start", "period_end", "value")
    return [AggregateFigure(*row) for row in rows]


def aggregate_single_months(*, measure: str, force: str) -> dict[datetime.date, Decimal]:
    """The force's single-month figures of a measure, by month."""
    return {
        start: value
        for start, end, value in AggregateValue.objects.filter(
            measure=measure, area_kind=AreaKind.FORCE, area_code=force
        ).values_list("period_start", "period_end", "value")
        if start == end
    }


@dataclass(frozen=True, slots=True)
class AreaPopulationFigure:
    area_kind: str  # AreaKind.GROUP, REGION or NATIONAL
    year: int
    population: int


def comparator_populations(*, force: str, years: Iterable[int]) -> list[AreaPopulationFigure]:
    """The populations of the force's comparison group and region, and of England and Wales,
    in these years (force populations are geography's)."""
    rows = AreaPopulation.objects.filter(
        Q(area_kind__in=[AreaKind.GROUP, AreaKind.REGION], area_code=force)
        | Q(area_kind=AreaKind.NATIONAL),
        year__in=list(years),
    ).values_list("area_kind", "year", "population")
    return [AreaPopulationFigure(*row) for row in rows]


# -- Home Office recorded crime ------------------------------------------------------------------


def offence_measure_codes(slugs: Iterable[str]) -> dict[str, frozenset[str]]:
    """The offence codes each of these offence measures sums, by slug (those defined only)."""
    return {
        slug: frozenset(codes)
        for slug, codes in OffenceMeasure.objects.filter(slug__in=list(slugs)).values_list(
            "slug", "offence_codes"
        )
    }


@dataclass(frozen=True, slots=True)
class RecordedCrimeCount:
    force: str  # police.uk id
    financial_year: str  # "2017/18"
    quarter: int  # 1 (April to June) to 4
    offence_code: str
    count: int


def recorded_crime_counts(
    *, forces: Iterable[str], offence_codes: Iterable[str]
) -> list[RecordedCrimeCount]:
    """Every quarter's count of these offence codes held for these forces."""
    rows = RecordedCrime.objects.filter(
        force__police_uk_id__in=list(forces), offence_code__in=list(offence_codes)
    ).values_list("force__police_uk_id", "financial_year", "quarter", "offence_code", "count")
    return [RecordedCrimeCount(*row) for row in rows]


# -- police.uk street-level crime ---------------------------------------------------------------


def street_months_held(
    *, forces: Iterable[str], months: Iterable[datetime.date] | None = None
) -> dict[str, set[datetime.date]]:
    """The months of street-level crime held for each force (of `months`, if given)."""
    slices = Slice.objects.filter(kind=DatasetKind.STREET, force__police_uk_id__in=list(forces))
    if months is not None:
        slices = slices.filter(month__in=list(months))
    held: dict[str, set[datetime.date]] = defaultdict(set)
    for force, month in slices.values_list("force__police_uk_id", "month"):
        held[force].add(month)
    return held


@dataclass(frozen=True, slots=True)
class StreetCount:
    force: str
    month: datetime.date
    crime_type: str
    count: int


def street_counts(
    *, forces: Iterable[str], months: Iterable[datetime.date], crime_types: Iterable[str]
) -> list[StreetCount]:
    """Street-level crimes of these types by force, month and type."""
    rows = (
        CrimeCount.objects.filter(
            kind=DatasetKind.STREET,
            force__police_uk_id__in=list(forces),
            month__in=list(months),
            crime_type__in=list(crime_types),
        )
        .values_list("force__police_uk_id", "month", "crime_type")
        .annotate(total=Sum("count"))
    )
    return [StreetCount(*row) for row in rows]


def street_monthly_totals(*, force: str, crime_types: Iterable[str]) -> dict[datetime.date, int]:
    """The force's street-level crimes of these types by month (months with any)."""
    rows = (
        CrimeCount.objects.filter(
            kind=DatasetKind.STREET, force__police_uk_id=force, crime_type__in=list(crime_types)
        )
        .values_list("month")
        .annotate(total=Sum("count"))
        .order_by("month")
    )
    return dict(rows)


def street_district_totals(
    *, force: str, months: Iterable[datetime.date], crime_types: Iterable[str]
) -> list[tuple[int | None, int]]:
    """The force's street-level crimes of these types in these months by district id (None:
    rows with no LSOA, so no district)."""
    rows = (
        CrimeCount.objects.filter(
            kind=DatasetKind.STREET,
            force__police_uk_id=force,
            month__in=list(months),
            crime_type__in=list(crime_types),
        )
        .values_list("district_id")
        .annotate(total=Sum("count"))
    )
    return list(rows)


def published_rows(
    *, kind: str, forces: list[str] | None = None, months: list[str] | None = None
) -> str | None:
    """SQL for DuckDB: the published police.uk rows (the slices in use) of some forces and
    months (YYYY-MM) if given; None when there are none."""
    from . import policeuk  # DuckDB and the importer, only for those who read the rows

    return policeuk.published_rows(kind=kind, forces=forces, months=months)


# -- importing ----------------------------------------------------------------------------------


def aggregates_import(*, paths: list[Path], force_id: str, actor: Any = None) -> ImportRun:
    """Imports aggregated-data and population templates, as `crimeplan import-aggregates`."""
    return aggregates.run(paths=paths, force_id=force_id, actor=actor)
