"""Loads the reference geography: forces, populations, comparison groups, districts, LSOAs.

`run()` is what `crimeplan load-reference` calls. It is idempotent (natural keys, update in
place), atomic (one transaction: a bad file leaves the database as it was), and it never
overwrites what an analyst entered or edited in the app.
"""

import csv
import datetime
import json
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record

from .constants import FORCES_FILE, REFERENCE_DIR
from .models import ComparisonGroup, District, Force, ForcePopulation, Lsoa

WELSH_AUTHORITIES_FILE = REFERENCE_DIR / "welsh_local_authorities.csv"
COMPARISON_GROUPS_FILE = REFERENCE_DIR / "comparison_groups.toml"

PFA_POPULATION_FILE = "ons-pfa-population-2009-2019/population_policeforces_england_2009_2019.csv"
LSOA21_POPULATION_FILE = (
    "ons-census2021-lsoa-population/lsoa21_usual_residents_census2021_england_wales.csv"
)
DEFAULT_DISTRICTS = {
    "gloucestershire": (
        "ons-census2021-lsoa-population/gloucestershire_lsoa21_population_by_district.csv"
    ),
}
DEFAULT_BOUNDARIES = {
    "gloucestershire": "ons-lad-boundaries-may2024-buc/gloucestershire_lad_may2024_buc.geojson",
}

PFA_POPULATION_SOURCE = (
    "ONS mid-year population estimates, summed from local authorities to force areas "
    "(shared/data/ons-pfa-population-2009-2019; pre-Census-2021 vintage)"
)
CENSUS_2021_SOURCE = (
    "ONS Census 2021 usual residents (TS001), sum of the force area's LSOAs "
    "(shared/data/ons-census2021-lsoa-population)"
)
BOUNDARY_SOURCE = (
    "ONS Local Authority Districts (May 2024) Boundaries UK BUC, Open Government Licence v3.0; "
    "contains OS data © Crown copyright and database right 2024"
)
FORCES_SOURCE = "crimeplan reference/forces.csv (police.uk, ONS and Home Office names and codes)"
ILLUSTRATIVE_GROUP_SIZE = 7
ILLUSTRATIVE_RULE = (
    "Illustrative, not the Home Office Most Similar Group (which is not published with its "
    "data): the {n} forces nearest in population (latest year held for each force), made by "
    "crimeplan load-reference. Replace it with the group your analysts use."
)
LSOA_CODE = re.compile(r"^[EW]01\d{6}$")
AREA_CODE = re.compile(r"^[EW]\d{8}$")


class ReferenceDataError(Exception):
    """A reference file is wrong; names the file, the line and the field."""

    def __init__(self, path: Path, line: int | None, field_name: str | None, message: str):
        where = f"{path}"
        if line is not None:
            where += f", line {line}"
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class LoadReport:
    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{name}: {n}" for name, n in sorted(self.counts.items())] + self.notes


def _read_csv(path: Path, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise ReferenceDataError(path, None, None, "file not found")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise ReferenceDataError(
                path, 1, None, f"missing columns: {', '.join(sorted(missing))}"
            )
        return [(line, row) for line, row in enumerate(reader, start=2)]


def _positive_int(path: Path, line: int, field_name: str, text: str) -> int:
    try:
        value = int(text.replace(",", "").strip())
    except ValueError:
        raise ReferenceDataError(
            path, line, field_name, f"{text!r} is not a whole number"
        ) from None
    if value <= 0:
        raise ReferenceDataError(path, line, field_name, f"{value} is not a positive number")
    return value


def load_forces(report: LoadReport) -> dict[str, Force]:
    forces: dict[str, Force] = {}
    for line, row in _read_csv(FORCES_FILE, {"police_uk_id", "name", "ons_code", "country"}):
        if not AREA_CODE.match(row["ons_code"]):
            raise ReferenceDataError(
                FORCES_FILE, line, "ons_code", f"{row['ons_code']!r} is not an ONS code"
            )
        force, created = Force.objects.update_or_create(
            police_uk_id=row["police_uk_id"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "home_office_name": row["home_office_name"],
                "ons_code": row["ons_code"],
                "country": row["country"],
                "source": FORCES_SOURCE,
            },
        )
        report.counts["forces created" if created else "forces checked"] += 1
        forces[force.police_uk_id] = force
    return forces


def _save_population(
    report: LoadReport, force: Force, year: int, population: int, source: str
) -> None:
    existing = ForcePopulation.objects.filter(force=force, year=year).first()
    if existing is None:
        ForcePopulation.objects.create(force=force, year=year, population=population, source=source)
        report.counts["populations created"] += 1
    elif existing.entered_by_analyst:
        report.counts["populations kept as the analyst entered them"] += 1
    elif (existing.population, existing.source) != (population, source):
        existing.population, existing.source = population, source
        existing.save()
        report.counts["populations updated"] += 1
    else:
        report.counts["populations unchanged"] += 1


def load_english_populations(report: LoadReport, shared: Path, forces: dict[str, Force]) -> None:
    path = shared / PFA_POPULATION_FILE
    columns = {}
    for _, row in _read_csv(FORCES_FILE, {"population_column"}):
        if row["population_column"]:
            columns[row["police_uk_id"]] = row["population_column"]
    rows = _read_csv(path, {"year", *columns.values()})
    for line, row in rows:
        year = _positive_int(path, line, "year", row["year"])
        for force_id, column in columns.items():
            population = _positive_int(path, line, column, row[column])
            _save_population(report, forces[force_id], year, population, PFA_POPULATION_SOURCE)


def census_2021_by_authority(shared: Path) -> Counter[str]:
    """Census 2021 residents by local authority name, from the LSOA table's name prefixes."""
    path = shared / LSOA21_POPULATION_FILE
    totals: Counter[str] = Counter()
    for line, row in _read_csv(
        path, {"LSOA21CD", "Population", "2021 super output area - lower layer"}
    ):
        if not LSOA_CODE.match(row["LSOA21CD"] or ""):
            continue  # the file ends with blank and footnote rows
        name = row["2021 super output area - lower layer"]
        authority = re.sub(r" \d{3}[A-Z]$", "", name)
        totals[authority] += _positive_int(path, line, "Population", row["Population"])
    return totals


def load_welsh_populations(report: LoadReport, shared: Path, forces: dict[str, Force]) -> None:
    by_authority = census_2021_by_authority(shared)
    by_force: Counter[str] = Counter()
    for line, row in _read_csv(WELSH_AUTHORITIES_FILE, {"local_authority", "police_uk_id"}):
        if row["local_authority"] not in by_authority:
            raise ReferenceDataError(
                WELSH_AUTHORITIES_FILE,
                line,
                "local_authority",
                f"{row['local_authority']!r} has no LSOAs in {LSOA21_POPULATION_FILE}",
            )
        by_force[row["police_uk_id"]] += by_authority[row["local_authority"]]
    for force_id, population in sorted(by_force.items()):
        _save_population(report, forces[force_id], 2021, population, CENSUS_2021_SOURCE)


def load_districts(
    report: LoadReport, force: Force, districts_file: Path, boundaries_file: Path | None
) -> None:
    """Districts and their LSOAs, from a file with the columns
    `LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,usual_residents_2021`, and optionally `LAD22NMW`,
    the district's Welsh name (ONS's lookups carry it for Wales; a boundary feature's
    `LAD24NMW` or `LAD22NMW` is used where the column is absent or blank)."""
    rows = _read_csv(
        districts_file, {"LSOA21CD", "LSOA21NM", "LAD22CD", "LAD22NM", "usual_residents_2021"}
    )
    boundaries = _read_boundaries(boundaries_file) if boundaries_file else {}
    welsh_names = _read_welsh_names(boundaries_file) if boundaries_file else {}
    districts: dict[str, District] = {}
    for line, row in rows:
        code, district_code = row["LSOA21CD"].strip(), row["LAD22CD"].strip()
        if not LSOA_CODE.match(code):
            raise ReferenceDataError(
                districts_file, line, "LSOA21CD", f"{code!r} is not an LSOA code"
            )
        if not AREA_CODE.match(district_code):
            raise ReferenceDataError(
                districts_file, line, "LAD22CD", f"{district_code!r} is not a district code"
            )
        if district_code not in districts:
            geometry = boundaries.get(district_code) or boundaries.get(row["LAD22NM"].strip())
            welsh = _name(districts_file, line, "LAD22NMW", row.get("LAD22NMW") or "") or (
                welsh_names.get(district_code, "")
            )
            district, created = District.objects.update_or_create(
                code=district_code,
                defaults={
                    "name": row["LAD22NM"].strip(),
                    "name_cy": welsh,
                    "force": force,
                    "boundary": geometry,
                    "boundary_source": BOUNDARY_SOURCE if geometry else "",
                },
            )
            districts[district_code] = district
            report.counts["districts created" if created else "districts checked"] += 1
            if geometry is None:
                report.notes.append(
                    f"No boundary found for district {district.name} ({district_code})."
                )
        population = _positive_int(
            districts_file, line, "usual_residents_2021", row["usual_residents_2021"]
        )
        _, created = Lsoa.objects.update_or_create(
            code=code,
            defaults={
                "name": row["LSOA21NM"].strip(),
                "district": districts[district_code],
                "population_2021": population,
            },
        )
        report.counts["LSOAs created" if created else "LSOAs checked"] += 1
    total = sum(lsoa.population_2021 for lsoa in Lsoa.objects.filter(district__force=force))
    _save_population(report, force, 2021, total, CENSUS_2021_SOURCE)


def _read_boundaries(path: Path) -> dict[str, dict[str, object]]:
    if not path.exists():
        raise ReferenceDataError(path, None, None, "file not found")
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReferenceDataError(path, error.lineno, None, f"not valid JSON: {error.msg}") from None
    by_key: dict[str, dict[str, object]] = {}
    for number, feature in enumerate(collection.get("features", []), start=1):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not geometry:
            raise ReferenceDataError(path, None, f"features[{number}].geometry", "missing")
        for key in ("LAD24CD", "LAD22CD", "code", "name", "LAD24NM", "LAD22NM"):
            if properties.get(key):
                by_key[str(properties[key])] = geometry
    return by_key


def _read_welsh_names(path: Path) -> dict[str, str]:
    """District code → Welsh name, from the boundary features that carry both."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    names = {}
    for feature in collection.get("features", []):
        properties = feature.get("properties") or {}
        code = properties.get("LAD24CD") or properties.get("LAD22CD") or properties.get("code")
        welsh = properties.get("LAD24NMW") or properties.get("LAD22NMW")
        if code and welsh:
            names[str(code)] = _name(path, None, f"{code}.LAD24NMW", str(welsh))
    return names


def _name(path: Path, line: int | None, field_name: str, text: str) -> str:
    """A district's name as the file gives it, trimmed; refused where the database cannot
    hold it (a whole line run together, say), naming the file, line and field."""
    name = text.strip()
    limit = District._meta.get_field("name_cy").max_length or 0
    if len(name) > limit:
        raise ReferenceDataError(
            path, line, field_name, f"a name of {len(name)} characters: at most {limit}"
        )
    return name


def _latest_populations() -> dict[int, int]:
    latest: dict[int, tuple[int, int]] = {}
    for force_id, year, population in ForcePopulation.objects.values_list(
        "force_id", "year", "population"
    ):
        if force_id not in latest or year > latest[force_id][0]:
            latest[force_id] = (year, population)
    return {force_id: population for force_id, (_, population) in latest.items()}


def nearest_in_population(force_id: int, populations: dict[int, int], n: int) -> list[int]:
    """The n other forces whose population is nearest (by ratio) to this force's."""
    own = populations[force_id]
    others = [
        (abs(math.log(pop / own)), other) for other, pop in populations.items() if other != force_id
    ]
    return [other for _, other in sorted(others)[:n]]


def load_comparison_groups(report: LoadReport, forces: dict[str, Force]) -> None:
    with COMPARISON_GROUPS_FILE.open("rb") as handle:
        written = tomllib.load(handle)
    populations = _latest_populations()
    by_pk = {force.pk: force for force in forces.values()}
    for force_id, force in forces.items():
        group = ComparisonGroup.objects.filter(force=force).first()
        if group is not None and group.edited_by_analyst:
            report.counts["comparison groups kept as the analyst edited them"] += 1
            continue
        if force_id in written:
            entry = written[force_id]
            unknown = [m for m in entry["members"] if m not in forces]
            if unknown:
                raise ReferenceDataError(
                    COMPARISON_GROUPS_FILE,
                    None,
                    f"{force_id}.members",
                    f"unknown forces: {', '.join(unknown)}",
                )
            members = [forces[m] for m in entry["members"]]
            source, as_of = entry["source"], datetime.date.fromisoformat(entry["as_of"])
        else:
            if force.pk not in populations:
                report.notes.append(f"{force}: no population, so no illustrative comparison group.")
                continue
            member_pks = nearest_in_population(force.pk, populations, ILLUSTRATIVE_GROUP_SIZE)
            members = [by_pk[pk] for pk in member_pks]
            source = ILLUSTRATIVE_RULE.format(n=ILLUSTRATIVE_GROUP_SIZE)
            as_of = datetime.date(2026, 11, 25)  # the date this rule was written down
        if group is None:
            group = ComparisonGroup.objects.create(
                force=force, source=source, as_of=as_of, illustrative=True
            )
            report.counts["comparison groups created"] += 1
        elif (group.source, group.as_of) != (source, as_of) or {
            m.pk for m in group.members.all()
        } != {m.pk for m in members}:
            group.source, group.as_of = source, as_of
            group.save()
            report.counts["comparison groups updated"] += 1
        else:
            report.counts["comparison groups unchanged"] += 1
        if {m.pk for m in group.members.all()} != {m.pk for m in members}:
            group.members.set(members)


def run(
    *,
    shared_data: Path,
    force_id: str,
    districts_file: Path | None = None,
    boundaries_file: Path | None = None,
    actor: Any = None,
) -> LoadReport:
    """Loads every reference table in one transaction and reports what changed."""
    report = LoadReport()
    if districts_file is None and force_id in DEFAULT_DISTRICTS:
        districts_file = shared_data / DEFAULT_DISTRICTS[force_id]
    if boundaries_file is None and force_id in DEFAULT_BOUNDARIES:
        boundaries_file = shared_data / DEFAULT_BOUNDARIES[force_id]
    with transaction.atomic():
        forces = load_forces(report)
        if force_id not in forces:
            raise ReferenceDataError(FORCES_FILE, None, "police_uk_id", f"no force {force_id!r}")
        load_english_populations(report, shared_data, forces)
        load_welsh_populations(report, shared_data, forces)
        if districts_file is not None:
            load_districts(report, forces[force_id], districts_file, boundaries_file)
        else:
            report.notes.append(
                f"No districts file for {force_id}: pass --districts FILE "
                "(see docs/how-to/load-another-force.md)."
            )
        load_comparison_groups(report, forces)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="geography.reference",
            object_label=f"reference data for {force_id}",
            summary="; ".join(report.lines())[:500],
        )
    return report
