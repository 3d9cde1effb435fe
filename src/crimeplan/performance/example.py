"""The published Gloucestershire table (../shared/fixtures/performance) as the files an analyst
would write: a framework, the aggregated-data template and the population template. The demo
loads them, and the golden tests check that crimeplan reproduces every printed figure."""

import csv
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

FIXTURES = Path(settings.CRIMEPLAN_SHARED_DATA).parent / "fixtures" / "performance"
TABLE = FIXTURES / "crime_measures_2019_vs_sep2023.csv"
POPULATIONS = FIXTURES / "populations.csv"
BASELINE = ("2019-01", "2019-12")
CURRENT = ("2022-10", "2023-09")
# The published baseline rates use ONS's mid-2017 population (see the fixture's README).
BASELINE_POPULATION_YEAR = 2017
CURRENT_POPULATION_YEAR = 2022
PRIORITIES = {
    "CSC": "Creating safer communities",
    "TVAWG": "Tackling violence against women and girls",
    "SYC": "Strengthening your Constabulary",
    "TCC": "Targeting the causes of crime",
    "SVRR": "Supporting victims and reducing reoffending",
    "ELC": "Empowering local communities",
}


def published_rows() -> list[dict[str, str]]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def measure_id(name: str) -> str:
    return slugify(name.replace("/", " "))


def write_templates(folder: Path) -> tuple[Path, Path, Path]:
    """The framework, aggregated-data and population files an analyst would write."""
    rows = published_rows()
    framework = folder / "framework.toml"
    lines = [
        'name = "Police and Crime Prevention Plan 2021-25"',
        'force = "gloucestershire"',
        'comparison_group = "msg"',
        "",
        "[priorities]",
        *(f'{code} = "{title}"' for code, title in PRIORITIES.items()),
        "",
        "[periods.baseline]",
        'label = "2019"',
        f'start = "{BASELINE[0]}"',
        f'end = "{BASELINE[1]}"',
        f"population_year = {BASELINE_POPULATION_YEAR}",
        "",
        "[periods.current]",
        'label = "12 months to September 2023"',
        f'start = "{CURRENT[0]}"',
        f'end = "{CURRENT[1]}"',
        f"population_year = {CURRENT_POPULATION_YEAR}",
    ]
    for row in rows:
        priorities = ", ".join(f'"{p}"' for p in row["priorities"].split())
        lines += [
            "",
            "[[measures]]",
            f'id = "{measure_id(row["measure"])}"',
            f'name = "{row["measure"]}"',
            'kind = "count"',
            f'aim = "{row["aim"].lower()}"',
            f"priorities = [{priorities}]",
            'source = "aggregates"',
        ]
    framework.write_text("\n".join(lines) + "\n", encoding="utf-8")
    aggregates = folder / "aggregates.csv"
    with aggregates.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["measure", "area", "period_start", "period_end", "value"])
        for row in rows:
            for area, prefix in (("gloucestershire", "force"), ("msg", "msg")):
                writer.writerow(
                    [measure_id(row["measure"]), area, *BASELINE, row[f"{prefix}_count_baseline"]]
                )
                writer.writerow(
                    [measure_id(row["measure"]), area, *CURRENT, row[f"{prefix}_count_current"]]
                )
    populations = folder / "populations.csv"
    with POPULATIONS.open(newline="", encoding="utf-8") as handle:
        published = list(csv.DictReader(handle))
    with populations.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area", "year", "population", "source"])
        for row in published:
            year = (
                BASELINE_POPULATION_YEAR
                if row["period"].startswith("baseline")
                else CURRENT_POPULATION_YEAR
            )
            writer.writerow([row["area"], year, row["population"], row["note"]])
    return framework, aggregates, populations
