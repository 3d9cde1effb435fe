"""The engine's inputs from template files alone, without the database.

Reads the aggregated-data and population templates (CSV or XLSX) with the same checks as
`crimeplan import-aggregates` (every bad row stops the run with its file, line and field), and
picks the figures each measure needs for the framework's two periods.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from crimeplan.crime_data.constants import AreaKind
from crimeplan.crime_data.contracts import (
    AggregateRow,
    Area,
    AreaIndex,
    Cell,
    FileReader,
    PopulationRow,
    RejectedRows,
    cell_text,
)
from crimeplan.geography.constants import FORCES_FILE
from crimeplan.geography.models import Force

from .constants import Source
from .engine import Inputs, Populations, measure_data
from .framework import ENGLAND_AND_WALES, GROUP, REGION, Framework, Period

DISTRICT_CODE = re.compile(r"^[EW]0\d{7}$")


class FileAreaIndex(AreaIndex):
    """Areas known without the database: the 43 forces from the shipped reference file, `msg`
    for the framework's force, and district codes (read, but not used by the table)."""

    def __init__(self, *, group_force_id: str) -> None:  # no super(): it reads the database
        with FORCES_FILE.open(newline="", encoding="utf-8") as handle:
            self.forces = {
                row["police_uk_id"]: Force(police_uk_id=row["police_uk_id"], name=row["name"])
                for row in csv.DictReader(handle)
            }
        self.districts = {}
        self.group_force_id = group_force_id
        self.group_force = self.forces.get(group_force_id)
        self.group_exists = self.group_force is not None

    def parse(self, cell: Cell | None) -> Area:
        text = cell_text(cell).upper()
        if DISTRICT_CODE.match(text):
            return Area(AreaKind.DISTRICT, text, Force())
        return super().parse(cell)


@dataclass
class FileInputs:
    inputs: Inputs
    rows_read: int
    rows_used: int
    notes: list[str] = field(default_factory=list)


def _read(paths: Sequence[Path], force: str) -> tuple[list[AggregateRow], list[PopulationRow]]:
    areas = FileAreaIndex(group_force_id=force)
    seen: dict[tuple[object, ...], tuple[str, str]] = {}
    aggregates: list[AggregateRow] = []
    populations: list[PopulationRow] = []
    for path in paths:
        contents = FileReader(path, areas, RejectedRows(), skip_bad_rows=False, seen=seen).read()
        aggregates += contents.aggregates
        populations += contents.populations
    return aggregates, populations


def _area_key(area: Area) -> str | None:
    if area.kind == AreaKind.FORCE:
        return area.code
    return {
        AreaKind.GROUP: GROUP,
        AreaKind.REGION: REGION,
        AreaKind.NATIONAL: ENGLAND_AND_WALES,
    }.get(AreaKind(area.kind))


def _figures(
    rows: Iterable[AggregateRow], periods: tuple[Period, Period]
) -> dict[tuple[str, str, str], Decimal]:
    """(measure, area, period name) → value, for rows covering exactly one of the periods."""
    spans = {(p.start, p.end): p.name for p in periods}
    found = {}
    for row in rows:
        key = _area_key(row.area)
        period = spans.get((row.period_start, row.period_end))
        if key is not None and period is not None:
            found[(row.measure, key, period)] = row.value
    return found


def _populations(rows: Iterable[PopulationRow], framework: Framework) -> dict[str, Populations]:
    by_area: dict[str, dict[int, int]] = defaultdict(dict)
    for row in rows:
        key = _area_key(row.area)
        if key is not None:
            by_area[key][row.year] = row.population
    return {
        area: Populations(
            years.get(framework.baseline.population_year),
            years.get(framework.current.population_year),
        )
        for area, years in by_area.items()
    }


def inputs_from_files(
    framework: Framework, data: Sequence[Path], populations: Sequence[Path]
) -> FileInputs:
    aggregate_rows, population_rows = _read([*data, *populations], framework.force)
    figures = _figures(aggregate_rows, framework.periods)
    members = () if framework.comparison_group == GROUP else tuple(framework.comparison_group)
    notes = []

    data_by_measure = {}
    for measure in framework.measures:
        if measure.source != Source.AGGREGATES:
            notes.append(
                f"{measure.name}: its source is {measure.source.value}, which is read from the "
                "stored data, not from files; run without --data to include it."
            )
            continue
        data_by_measure[measure.id] = measure_data(measure, framework.force, members, figures)
    used = sum(1 for key in figures if key[0] in data_by_measure)
    return FileInputs(
        Inputs(
            force=framework.force,
            members=members,
            populations=_populations(population_rows, framework),
            data=data_by_measure,
        ),
        rows_read=len(aggregate_rows),
        rows_used=used,
        notes=notes,
    )
