"""The force's region and England and Wales in the templates: stored, replaced, and read by
the performance table beside the force and its group."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from crimeplan.crime_data import aggregates
from crimeplan.crime_data.constants import AreaKind
from crimeplan.crime_data.importing import ImportFileError
from crimeplan.crime_data.models import AggregateValue, AreaPopulation
from crimeplan.performance import services, tables

pytestmark = pytest.mark.django_db

FRAMEWORK = """
name = "ASB with comparators"
force = "gloucestershire"

[periods.baseline]
label = "2019/20"
start = "2019-04"
end = "2020-03"
population_year = 2019

[periods.current]
label = "2022/23"
start = "2022-04"
end = "2023-03"
population_year = 2022

[[measures]]
id = "asb-incidents"
name = "ASB incidents"
kind = "count"
aim = "reduce"
priorities = []
source = "aggregates"
rate_decimals = 2
"""


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    figures = write(
        tmp_path / "aggregates.csv",
        [
            ["measure", "area", "period_start", "period_end", "value"],
            ["asb-incidents", "gloucestershire", "2019-04", "2020-03", "18304"],
            ["asb-incidents", "gloucestershire", "2022-04", "2023-03", "9436"],
            ["asb-incidents", "region", "2019-04", "2020-03", "120000"],
            ["asb-incidents", "Region", "2022-04", "2023-03", "90000"],
            ["asb-incidents", "england-and-wales", "2019-04", "2020-03", "1500000"],
            ["asb-incidents", "england-and-wales", "2022-04", "2023-03", "1000000"],
        ],
    )
    populations = write(
        tmp_path / "populations.csv",
        [
            ["area", "year", "population", "source"],
            ["gloucestershire", "2019", "637070", "ONS mid-2019"],
            ["gloucestershire", "2022", "650000", "test figure"],
            ["region", "2019", "5600000", "test figure"],
            ["region", "2022", "5750000", "test figure"],
            ["england-and-wales", "2019", "59400000", "test figure"],
            ["england-and-wales", "2022", "60000000", "test figure"],
        ],
    )
    return [figures, populations]


def test_region_and_england_and_wales_are_stored_and_shown(reference: None, files) -> None:  # type: ignore[no-untyped-def]
    aggregates.run(paths=files, force_id="gloucestershire")
    kinds = set(AggregateValue.objects.values_list("area_kind", "area_code"))
    assert (AreaKind.REGION, "gloucestershire") in kinds
    assert (AreaKind.NATIONAL, "england-and-wales") in kinds
    assert AreaPopulation.objects.filter(area_kind=AreaKind.NATIONAL).count() == 2
    aggregates.run(paths=files, force_id="gloucestershire")  # a second import replaces
    assert AggregateValue.objects.count() == 6
    services.framework_save(actor=None, slug="asb-comparators", toml=FRAMEWORK)
    table = tables.report_table("asb-comparators")
    (row,) = table.rows
    assert row.cells["region_baseline"] == "21.43"  # 120,000 per 5,600,000 people
    assert row.cells["region_current"] == "15.65"
    assert row.cells["england_and_wales_baseline"] == "25.25"
    assert row.cells["england_and_wales_current"] == "16.67"
    assert row.cells["england_and_wales_change"] == "-33.33%"
    headings = [c.heading for c in table.columns]
    assert "Rate per 1,000: Region" in headings and "Rate per 1,000: England and Wales" in headings
    stored = AggregateValue.objects.get(area_kind=AreaKind.REGION, period_start__year=2022)
    assert stored.value == Decimal(90000)


def test_a_misspelt_area_names_the_choices(reference: None, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        [
            ["measure", "area", "period_start", "period_end", "value"],
            ["asb-incidents", "england", "2019-04", "2020-03", "1"],
        ],
    )
    with pytest.raises(ImportFileError, match=r"line 2, field 'area'.*region or england-and-wales"):
        aggregates.run(paths=[path], force_id="gloucestershire")
