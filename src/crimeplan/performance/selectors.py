"""The engine's inputs from the stored data (read through `crime_data.contracts`), series,
district breakdowns, annotations, commentary and snapshots. The computed table, cached per data
version, is `computed.computed_table`.

Figures come from the source each measure names: the aggregated-data template, Home Office
recorded crime (summed by the offence measure's codes over whole quarters), or police.uk
street-level counts (over whole months held). A figure that the data cannot give for the
whole period is left missing, with a note saying why, never filled with a partial sum.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count, QuerySet
from django.db.models.fields.json import KeyTextTransform

from crimeplan.accounts.permissions import Viewer
from crimeplan.crime_data import contracts as crime_data
from crimeplan.crime_data.constants import AreaKind
from crimeplan.geography.models import ComparisonGroup, District, ForcePopulation

from . import framework as framework_module
from .constants import MeasureKind, Source
from .engine import Inputs, Populations, measure_data
from .framework import ENGLAND_AND_WALES, GROUP, REGION, Framework, Measure, Period
from .models import Annotation, Commentary, FrameworkVersion, Snapshot
from .models import Framework as FrameworkRecord
from .spc import next_month
from .wording import Note, gettext_noop

# -- frameworks -------------------------------------------------------------------------------


def framework_list() -> QuerySet[FrameworkRecord]:
    return FrameworkRecord.objects.select_related("force").annotate(version_count=Count("versions"))


def latest_version(record: FrameworkRecord) -> FrameworkVersion:
    version = record.versions.order_by("-number").first()
    if version is None:
        raise FrameworkVersion.DoesNotExist(f"{record.slug} has no saved definition")
    return version


@lru_cache(maxsize=256)
def _parse(version_pk: int, toml: str) -> Framework:
    return framework_module.loads(toml)


def definition(version: FrameworkVersion) -> Framework:
    """The parsed definition; versions never change, so parsing is cached by version."""
    return _parse(version.pk, version.toml)


def group_members(definition: Framework) -> tuple[str, ...]:
    if definition.comparison_group != GROUP:
        return tuple(definition.comparison_group)
    group = (
        ComparisonGroup.objects.filter(force__police_uk_id=definition.force)
        .prefetch_related("members")
        .first()
    )
    if group is None:
        return ()
    return tuple(
        sorted(m.police_uk_id for m in group.members.all() if m.police_uk_id != definition.force)
    )


# -- months and quarters ----------------------------------------------------------------------


def period_months(period: Period) -> list[datetime.date]:
    months = [period.start]
    while months[-1] < period.end:
        months.append(next_month(months[-1]))
    return months


def quarter_months(financial_year: str, quarter: int) -> list[datetime.date]:
    """Financial-year quarter 1 is April to June of the year the financial year starts."""
    start_year = int(financial_year[:4])
    first = 4 + 3 * (quarter - 1)
    year, month = start_year + (first - 1) // 12, (first - 1) % 12 + 1
    months = [datetime.date(year, month, 1)]
    while len(months) < 3:
        months.append(next_month(months[-1]))
    return months


# -- inputs -----------------------------------------------------------------------------------


@dataclass
class _Collector:
    definition: Framework
    areas: list[str]
    notes: list[str]

    def period_of(self, months: Iterable[datetime.date]) -> str | None:
        """The period that contains every one of `months`, if any."""
        months = list(months)
        for period in self.definition.periods:
            if all(period.start <= m <= period.end for m in months):
                return period.name
        return None


def _populations(definition: Framework, areas: list[str]) -> dict[str, Populations]:
    years = {p.population_year for p in definition.periods}
    held: dict[str, dict[int, int]] = defaultdict(dict)
    for force_id, year, population in ForcePopulation.objects.filter(
        force__police_uk_id__in=areas, year__in=years
    ).values_list("force__police_uk_id", "year", "population"):
        held[force_id][year] = population
    for figure in crime_data.comparator_populations(force=definition.force, years=years):
        held[_AREA_OF_KIND[figure.area_kind]][figure.year] = figure.population
    return {
        area: Populations(
            values.get(definition.baseline.population_year),
            values.get(definition.current.population_year),
        )
        for area, values in held.items()
    }


# Where the group and comparators' figures are found in the engine's inputs.
_AREA_OF_KIND: dict[str, str] = {
    AreaKind.GROUP: GROUP,
    AreaKind.REGION: REGION,
    AreaKind.NATIONAL: ENGLAND_AND_WALES,
}


def _aggregate_figures(
    collector: _Collector, measures: list[Measure]
) -> dict[tuple[str, str, str], Decimal]:
    ids = {m.id for m in measures} | {
        m.sample_size_measure for m in measures if m.sample_size_measure
    }
    definition = collector.definition
    spans = {(p.start, p.end): p.name for p in definition.periods}
    found = {}
    rows = crime_data.aggregate_figures(
        measures=ids,
        area_kinds=[AreaKind.FORCE, AreaKind.GROUP, AreaKind.REGION, AreaKind.NATIONAL],
        area_codes=[*collector.areas, ENGLAND_AND_WALES],
        period_starts=[p.start for p in definition.periods],
    )
    for row in rows:
        period = spans.get((row.period_start, row.period_end))
        if period is None:
            continue
        code = row.area_code
        if row.area_kind in _AREA_OF_KIND:
            # The group's and region's figures are stored under the force whose they are.
            if row.area_kind != AreaKind.NATIONAL and code != definition.force:
                continue
            code = _AREA_OF_KIND[row.area_kind]
        found[(row.measure, code, period)] = row.value
    return found


def _recorded_crime_figures(
    collector: _Collector, measures: list[Measure]
) -> dict[tuple[str, str, str], Decimal]:
    codes_by_measure = {
        slug: set(codes)
        for slug, codes in crime_data.offence_measure_codes(m.id for m in measures).items()
    }
    for m in measures:
        if m.id not in codes_by_measure:
            collector.notes.append(
                Note(
                    gettext_noop(
                        "%(measure)s: no offence measure %(id)s is defined, so recorded crime "
                        "gives no figure (Crime data → offence measures)."
                    ),
                    measure_id=m.id,
                    measure=m.name,
                    id=repr(m.id),
                )
            )
    all_codes = set().union(*codes_by_measure.values()) if codes_by_measure else set()
    by_code: dict[tuple[str, str, int, str], int] = {}
    quarters_held: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for row in crime_data.recorded_crime_counts(forces=collector.areas, offence_codes=all_codes):
        by_code[(row.force, row.financial_year, row.quarter, row.offence_code)] = row.count
        quarters_held[row.force].add((row.financial_year, row.quarter))
    found: dict[tuple[str, str, str], Decimal] = {}
    for measure_id, codes in codes_by_measure.items():
        for (area, period), total in _whole_period_sums(
            collector, codes, by_code, quarters_held
        ).items():
            found[(measure_id, area, period)] = Decimal(total)
    return found


def _whole_period_sums(
    collector: _Collector,
    codes: set[str],
    by_code: dict[tuple[str, str, int, str], int],
    quarters_held: dict[str, set[tuple[str, int]]],
) -> dict[tuple[str, str], int]:
    """(area, period) → the codes' total, where whole quarters held cover the whole period."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    covered: dict[tuple[str, str], set[datetime.date]] = defaultdict(set)
    for area in collector.areas:
        for fy, quarter in quarters_held.get(area, ()):
            months = quarter_months(fy, quarter)
            period = collector.period_of(months)
            if period is not None:
                covered[(area, period)].update(months)
                sums[(area, period)] += sum(by_code.get((area, fy, quarter, c), 0) for c in codes)
    wanted = {p.name: set(period_months(p)) for p in collector.definition.periods}
    return {key: total for key, total in sums.items() if covered[key] == wanted[key[1]]}


def _police_uk_figures(
    collector: _Collector, measures: list[Measure]
) -> dict[tuple[str, str, str], Decimal]:
    definition = collector.definition
    months = [m for p in definition.periods for m in period_months(p)]
    held = crime_data.street_months_held(forces=collector.areas, months=months)
    types = {t for m in measures for t in m.police_uk_crime_types}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for count in crime_data.street_counts(forces=collector.areas, months=months, crime_types=types):
        name = collector.period_of([count.month])
        if name:
            counts[(count.force, name, count.crime_type)] += count.count
    found = {}
    for period in definition.periods:
        wanted = set(period_months(period))
        for area in collector.areas:
            have = held.get(area, set()) & wanted
            if have != wanted:
                if area == definition.force and measures:
                    collector.notes.append(
                        Note(
                            gettext_noop(
                                "police.uk data for %(period)s covers %(have)s of %(wanted)s "
                                "months, so police.uk measures have no figure for it."
                            ),
                            period_name=period.name,
                            period=period.label,
                            have=len(have),
                            wanted=len(wanted),
                        )
                    )
                continue
            for m in measures:
                found[(m.id, area, period.name)] = Decimal(
                    sum(counts.get((area, period.name, t), 0) for t in m.police_uk_crime_types)
                )
    return found


def stored_inputs(definition: Framework) -> tuple[Inputs, list[str]]:
    members = group_members(definition)
    areas = list(dict.fromkeys([definition.force, *members]))
    collector = _Collector(definition, [*areas], [])
    by_source: dict[Source, list[Measure]] = defaultdict(list)
    for m in definition.measures:
        by_source[m.source].append(m)
    figures: dict[tuple[str, str, str], Decimal] = {}
    figures |= _aggregate_figures(collector, by_source[Source.AGGREGATES])
    if by_source[Source.RECORDED_CRIME]:
        figures |= _recorded_crime_figures(collector, by_source[Source.RECORDED_CRIME])
    if by_source[Source.POLICE_UK]:
        figures |= _police_uk_figures(collector, by_source[Source.POLICE_UK])

    data = {}
    for m in definition.measures:
        data[m.id] = measure_data(m, definition.force, members, figures)
        # A target or rank may be published once only (the 999 ranks for August 2023).
        once = m.kind in (MeasureKind.TARGET, MeasureKind.RANK) and data[m.id].force.current
        if not data[m.id].force.complete and not once:
            collector.notes.append(
                Note(
                    gettext_noop("%(measure)s: the force's figures are not complete."),
                    measure_id=m.id,
                    measure=m.name,
                )
            )
    populations = _populations(definition, areas)
    has_rates = any(m.kind == MeasureKind.COUNT for m in definition.measures)
    force_population = populations.get(definition.force)
    if has_rates and (force_population is None or not force_population.complete):
        collector.notes.append(
            Note(
                gettext_noop(
                    "The force's population for %(baseline)s and %(current)s is not all held, "
                    "so some rates are not shown (Forces and areas)."
                ),
                baseline=definition.baseline.population_year,
                current=definition.current.population_year,
            )
        )
    inputs = Inputs(definition.force, members, populations, data)
    return inputs, list(dict.fromkeys(collector.notes))


# -- series, districts, annotations, commentary, snapshots -----------------------------------


@dataclass(frozen=True)
class Series:
    months: list[datetime.date]
    values: list[Decimal]
    source: str


def monthly_series(definition: Framework, measure: Measure, *, limit: int = 60) -> Series:
    """The force's monthly figures for the measure (the latest `limit` consecutive months)."""
    if measure.source == Source.POLICE_UK:
        rows = crime_data.street_monthly_totals(
            force=definition.force, crime_types=measure.police_uk_crime_types
        )
        held = crime_data.street_months_held(forces=[definition.force]).get(definition.force, set())
        by_month = {m: Decimal(0) for m in held}
        by_month |= {m: Decimal(t) for m, t in rows.items()}
        source = gettext_noop("police.uk street-level crime, monthly")
    elif measure.source == Source.AGGREGATES:
        by_month = crime_data.aggregate_single_months(measure=measure.id, force=definition.force)
        source = gettext_noop("aggregated-data template, single-month rows")
    else:
        return Series(
            [], [], gettext_noop("Home Office recorded crime is quarterly: no monthly series")
        )
    months = sorted(by_month)
    run: list[datetime.date] = []
    for month in months:  # the latest unbroken run of months
        run = [*run, month] if run and month == next_month(run[-1]) else [month]
    run = run[-limit:]
    return Series(run, [by_month[m] for m in run], source)


def district_breakdown(definition: Framework, measure: Measure) -> list[dict[str, object]]:
    """police.uk counts by district for the current period's months held (police.uk measures)."""
    if measure.source != Source.POLICE_UK:
        return []
    months = period_months(definition.current)
    names = dict(District.objects.values_list("pk", "name"))
    rows = crime_data.street_district_totals(
        force=definition.force, months=months, crime_types=measure.police_uk_crime_types
    )
    no_district = "No LSOA, so no district"
    return [
        {"district": names.get(d, no_district) if d else no_district, "count": t}
        for d, t in sorted(rows, key=lambda row: -row[1])
    ]


def annotations(record: FrameworkRecord, measure_id: str) -> QuerySet[Annotation]:
    return Annotation.objects.filter(framework=record, measure_id=measure_id)


def comments(record: FrameworkRecord) -> dict[str, Commentary]:
    return {c.measure_id: c for c in Commentary.objects.filter(framework=record)}


def snapshot_list(record: FrameworkRecord | None = None) -> QuerySet[Snapshot]:
    snapshots = Snapshot.objects.select_related("framework", "framework__force")
    return snapshots.filter(framework=record) if record else snapshots


def snapshot_summaries(record: FrameworkRecord | None = None) -> QuerySet[Snapshot]:
    """The published reports for a list: without their documents (each holds every chart),
    with the Welsh copy's title (`title_cy`, None where it has no Welsh copy)."""
    return (
        snapshot_list(record)
        .defer("document", "document_cy")
        .annotate(title_cy=KeyTextTransform("title", "document_cy"))
    )


def can_read_drafts(viewer: Viewer) -> bool:
    from .permissions import DRAFT_READERS

    return viewer.has_any(DRAFT_READERS)


def shows_performance(viewer: Viewer) -> bool:
    """The "Performance" menu entry: whoever may read draft tables."""
    from .permissions import DRAFT_READERS

    return viewer.has_any(DRAFT_READERS)
