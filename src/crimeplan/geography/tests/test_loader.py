"""The reference loader against the real public data: idempotent, complete, atomic."""

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.geography import loader
from crimeplan.geography.models import ComparisonGroup, District, Force, ForcePopulation, Lsoa
from crimeplan.geography.services import comparison_group_update, force_population_set

pytestmark = pytest.mark.django_db
SHARED = Path(settings.CRIMEPLAN_SHARED_DATA)
GLOS_FILE = (
    SHARED / "ons-census2021-lsoa-population/gloucestershire_lsoa21_population_by_district.csv"
)


def run() -> loader.LoadReport:
    return loader.run(shared_data=SHARED, force_id="gloucestershire")


def table_state() -> dict[str, object]:
    return {
        "forces": sorted(Force.objects.values_list("police_uk_id", "ons_code", "name")),
        "populations": sorted(
            ForcePopulation.objects.values_list(
                "force__police_uk_id", "year", "population", "source"
            )
        ),
        "groups": sorted(
            (
                g.force.police_uk_id,
                tuple(sorted(g.members.values_list("police_uk_id", flat=True))),
                g.source,
            )
            for g in ComparisonGroup.objects.all()
        ),
        "districts": sorted(District.objects.values_list("code", "name", "force__police_uk_id")),
        "lsoas": sorted(Lsoa.objects.values_list("code", "district__code", "population_2021")),
    }


def test_loading_twice_changes_nothing(reference: None) -> None:
    before = table_state()
    report = run()
    assert table_state() == before
    assert not [
        name for name, n in report.counts.items() if n and ("created" in name or "updated" in name)
    ]


def test_all_43_forces_with_unique_ons_codes(reference: None) -> None:
    forces = Force.objects.all()
    assert forces.count() == 43
    assert len({f.ons_code for f in forces}) == 43
    assert Force.objects.filter(country="wales").count() == 4
    glos = Force.objects.get(police_uk_id="gloucestershire")
    assert (glos.ons_code, glos.name) == ("E23000037", "Gloucestershire Constabulary")


def test_every_force_has_a_population_and_a_comparison_group(reference: None) -> None:
    for force in Force.objects.all():
        assert force.populations.exists(), force
        group = ComparisonGroup.objects.get(force=force)
        assert group.members.exists() and force not in group.members.all()
        assert group.illustrative and "not the home office" in group.source.lower()


def test_populations_match_the_source_files(reference: None) -> None:
    with (SHARED / loader.PFA_POPULATION_FILE).open(newline="") as handle:
        wide = {row["year"]: row for row in csv.DictReader(handle)}
    glos_2017 = ForcePopulation.objects.get(force__police_uk_id="gloucestershire", year=2017)
    assert glos_2017.population == int(wide["2017"]["Gloucestershire"]) == 628139
    city = ForcePopulation.objects.get(force__police_uk_id="city-of-london", year=2019)
    assert city.population == int(wide["2019"]["City of London"])
    # Welsh forces are missing from that file: no year before 2021 is invented for them.
    assert not ForcePopulation.objects.filter(force__country="wales", year__lt=2021).exists()


def test_welsh_populations_are_census_sums_by_authority(reference: None) -> None:
    wanted = {
        "Cardiff",
        "Bridgend",
        "Merthyr Tydfil",
        "Neath Port Talbot",
        "Rhondda Cynon Taf",
        "Swansea",
        "Vale of Glamorgan",
    }
    total = 0
    with (SHARED / loader.LSOA21_POPULATION_FILE).open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            if (
                len(row) == 3
                and re.fullmatch(r"W01\d{6}", row[1])
                and row[0].rsplit(" ", 1)[0] in wanted
            ):
                total += int(row[2])
    figure = ForcePopulation.objects.get(force__police_uk_id="south-wales", year=2021)
    assert figure.population == total
    assert "Census 2021" in figure.source


def test_gloucestershire_lsoas_each_map_to_one_of_six_districts(reference: None) -> None:
    with GLOS_FILE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = Counter(row["LAD22NM"] for row in rows)
    districts = District.objects.filter(force__police_uk_id="gloucestershire")
    assert sorted(d.name for d in districts) == [
        "Cheltenham",
        "Cotswold",
        "Forest of Dean",
        "Gloucester",
        "Stroud",
        "Tewkesbury",
    ]
    assert {d.name: d.lsoas.count() for d in districts} == dict(expected)
    assert (
        Lsoa.objects.filter(district__force__police_uk_id="gloucestershire").count()
        == len(rows)
        == 393
    )
    assert (
        sum(Lsoa.objects.values_list("population_2021", flat=True))
        == sum(int(r["usual_residents_2021"]) for r in rows)
        == 645062
    )
    assert all(d.boundary and d.boundary["type"] == "MultiPolygon" for d in districts)


def test_analyst_figures_and_groups_survive_a_reload(reference: None) -> None:
    analyst = UserFactory()
    gwent = Force.objects.get(police_uk_id="gwent")
    force_population_set(
        force=gwent, year=2022, population=595000, source="ONS mid-2022", actor=analyst
    )
    force_population_set(
        force=gwent, year=2021, population=590000, source="corrected", actor=analyst
    )
    glos = Force.objects.get(police_uk_id="gloucestershire")
    members = list(Force.objects.filter(police_uk_id__in=["wiltshire", "dorset"]))
    comparison_group_update(
        force=glos,
        members=members,
        source="Home Office MSG as supplied to the OPCC",
        as_of=glos.comparison_group.as_of,
        illustrative=False,
        actor=analyst,
    )
    report = run()
    assert ForcePopulation.objects.get(force=gwent, year=2021).population == 590000
    assert ForcePopulation.objects.get(force=gwent, year=2022).population == 595000
    glos.comparison_group.refresh_from_db()
    assert sorted(glos.comparison_group.members.values_list("police_uk_id", flat=True)) == [
        "dorset",
        "wiltshire",
    ]
    assert report.counts["comparison groups kept as the analyst edited them"] == 1


def _copy_shared(tmp_path: Path) -> Path:
    copy = tmp_path / "shared"
    for relative in (
        loader.PFA_POPULATION_FILE,
        loader.LSOA21_POPULATION_FILE,
        loader.DEFAULT_DISTRICTS["gloucestershire"],
        loader.DEFAULT_BOUNDARIES["gloucestershire"],
    ):
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHARED / relative, copy / relative)
    return copy


def test_bad_file_names_file_line_field_and_leaves_data_as_it_was(
    reference: None, tmp_path: Path
) -> None:
    copy = _copy_shared(tmp_path)
    districts = copy / loader.DEFAULT_DISTRICTS["gloucestershire"]
    lines = districts.read_text().splitlines()
    lines[1] = lines[1].replace("E07000078", "E07000099")  # a change that would be written first...
    lines[300] = lines[300].rsplit(",", 1)[0] + ",lots"  # ...then a bad population further down
    districts.write_text("\n".join(lines) + "\n")
    before = table_state()
    with pytest.raises(loader.ReferenceDataError) as error:
        loader.run(shared_data=copy, force_id="gloucestershire")
    assert f"{districts}, line 301, field 'usual_residents_2021'" in str(error.value)
    assert "'lots' is not a whole number" in str(error.value)
    assert table_state() == before


def test_missing_column_is_named(reference: None, tmp_path: Path) -> None:
    copy = _copy_shared(tmp_path)
    pfa = copy / loader.PFA_POPULATION_FILE
    pfa.write_text(pfa.read_text().replace("Gloucestershire", "Glos", 1))
    with pytest.raises(loader.ReferenceDataError, match="line 1: missing columns: Gloucestershire"):
        loader.run(shared_data=copy, force_id="gloucestershire")


def test_nearest_in_population_rule() -> None:
    populations = {1: 100, 2: 110, 3: 90, 4: 1000, 5: 50}
    assert loader.nearest_in_population(1, populations, 2) == [2, 3]
    assert loader.nearest_in_population(4, populations, 1) == [2]
