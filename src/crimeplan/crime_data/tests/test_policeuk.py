"""The police.uk importer against the real archive files and API extracts."""

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from django.conf import settings
from django.db.models import Sum

from crimeplan.crime_data import policeuk
from crimeplan.crime_data.categories import police_uk_categories
from crimeplan.crime_data.constants import DatasetKind, ImportStatus
from crimeplan.crime_data.models import CrimeCount, ImportRun, OutcomeCount, Slice
from crimeplan.crime_data.policeuk import checking, publishing

pytestmark = pytest.mark.django_db
SHARED = Path(settings.CRIMEPLAN_SHARED_DATA)
STREET_DIR = SHARED / "police-uk-street-2024-jan-apr"
API_DIR = SHARED / "police-uk-api-cheltenham-st-marks"
GLOS_JAN_NAME = "2024-01-gloucestershire-street.csv"
GLOS_DISTRICTS = {"Cheltenham", "Cotswold", "Forest of Dean", "Gloucester", "Stroud", "Tewkesbury"}
FORCE_IDS = {
    "Gloucestershire Constabulary": "gloucestershire",
    "North Yorkshire Police": "north-yorkshire",
    "Suffolk Constabulary": "suffolk",
    "Warwickshire Police": "warwickshire",
    "Wiltshire Police": "wiltshire",
}


def independent_counts() -> tuple[Counter[tuple[str, str, str]], Counter[tuple[str, str]]]:
    """Counts made with the csv module alone: (force, month, crime type), and Gloucestershire's
    (month, district) with 'outside' for other LSOAs and 'no LSOA' for rows without one."""
    by_type: Counter[tuple[str, str, str]] = Counter()
    glos_district: Counter[tuple[str, str]] = Counter()
    for path in sorted(STREET_DIR.glob("*/*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                force = FORCE_IDS[row["Falls within"]]
                by_type[(force, row["Month"], row["Crime type"])] += 1
                if force == "gloucestershire":
                    prefix = row["LSOA name"].rsplit(" ", 1)[0] if row["LSOA name"] else ""
                    district = (
                        prefix if prefix in GLOS_DISTRICTS else ("outside" if prefix else "no LSOA")
                    )
                    glos_district[(row["Month"], district)] += 1
    return by_type, glos_district


def stored_counts() -> tuple[Counter[tuple[str, str, str]], Counter[tuple[str, str]]]:
    by_type: Counter[tuple[str, str, str]] = Counter()
    for row in (
        CrimeCount.objects.filter(kind=DatasetKind.STREET)
        .values("force__police_uk_id", "month", "crime_type")
        .annotate(n=Sum("count"))
    ):
        by_type[(row["force__police_uk_id"], f"{row['month']:%Y-%m}", row["crime_type"])] = row["n"]
    glos: Counter[tuple[str, str]] = Counter()
    for row in CrimeCount.objects.filter(
        kind=DatasetKind.STREET, force__police_uk_id="gloucestershire"
    ):
        if row.district_id:
            district = row.district.name  # type: ignore[union-attr]
        else:
            district = "outside" if row.has_lsoa else "no LSOA"
        glos[(f"{row.month:%Y-%m}", district)] += row.count
    return by_type, glos


def parquet_rows(kind: str = "street") -> int:
    rows = policeuk.published_rows(kind=kind)
    if rows is None:
        return 0
    return int(duckdb.sql(f"SELECT count(*) FROM {rows}").fetchall()[0][0])


def test_golden_counts_by_month_type_and_district(reference: None) -> None:
    run = policeuk.run(paths=[STREET_DIR])
    expected_types, expected_districts = independent_counts()
    got_types, got_districts = stored_counts()
    assert got_types == expected_types
    assert got_districts == expected_districts
    assert run.rows_read == run.rows_loaded == sum(expected_types.values()) == 87507
    assert parquet_rows() == 87507
    # The data-quality record of each slice states what a district breakdown leaves out.
    jan = Slice.objects.get(
        kind="street", force__police_uk_id="gloucestershire", month="2024-01-01"
    )
    assert (jan.rows, jan.rows_without_lsoa, jan.rows_lsoa_outside_area) == (5000, 170, 19)
    wilts = Slice.objects.get(kind="street", force__police_uk_id="wiltshire", month="2024-01-01")
    assert wilts.rows_lsoa_outside_area is None  # Wiltshire's LSOAs are not loaded: not checked
    assert run.months == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert all(len(f["sha256"]) == 64 for f in run.files)


def test_good_files_are_read_in_one_streaming_pass(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a broken row sends a batch to the row-by-row read that names it."""

    def not_wanted(*args: object) -> None:
        raise AssertionError("a good batch was read row by row")

    monkeypatch.setattr(checking.RowCheck, "check", not_wanted)
    run = policeuk.run(paths=[STREET_DIR / "2024-01"])
    assert run.rows_loaded == run.rows_read > 20_000
    assert stored_counts()[0] == Counter(
        {k: v for k, v in independent_counts()[0].items() if k[1] == "2024-01"}
    )


def test_repeated_crime_ids_are_counted_per_slice(reference: None, tmp_path: Path) -> None:
    lines = (STREET_DIR / "2024-01" / GLOS_JAN_NAME).read_text(encoding="utf-8").splitlines()
    with_ids = [line for line in lines[1:] if not line.startswith(",")]
    # One id given three times (two extra rows), another twice (one extra): 3 duplicates.
    repeated = [*lines, with_ids[0], with_ids[0], with_ids[1]]
    jan = tmp_path / "2024-01-gloucestershire-street.csv"
    jan.write_text("\n".join(repeated) + "\n", encoding="utf-8")
    # The same ids in another month's file are not duplicates of January's.
    feb = tmp_path / "2024-02-gloucestershire-street.csv"
    feb.write_text(
        "\n".join([lines[0], *(line.replace(",2024-01,", ",2024-02,") for line in with_ids[:5])])
        + "\n",
        encoding="utf-8",
    )
    policeuk.run(paths=[jan, feb])
    glos = Slice.objects.filter(kind="street", force__police_uk_id="gloucestershire")
    assert {f"{s.month:%Y-%m}": s.duplicate_crime_ids for s in glos} == {
        "2024-01": 3,
        "2024-02": 0,
    }


def test_counts_by_lsoa_equal_an_independent_count(reference: None) -> None:
    """The LSOA breakdown is read from the imported rows; it agrees with the csv module."""
    from crimeplan.crime_data import selectors
    from crimeplan.geography.models import Force

    policeuk.run(paths=[STREET_DIR])
    expected: Counter[tuple[str, str, str, str]] = Counter()
    for path in sorted(STREET_DIR.glob("*/*-gloucestershire-street.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["Month"] >= "2024-02":
                    prefix = row["LSOA name"].rsplit(" ", 1)[0]
                    district = (
                        prefix
                        if prefix in GLOS_DISTRICTS
                        else (selectors.OUTSIDE_AREA if prefix else selectors.NO_DISTRICT)
                    )
                    lsoa = row["LSOA code"] or selectors.NO_LSOA
                    expected[(row["Month"], row["Crime type"], district, lsoa)] += 1
    rows = selectors.crime_summary(
        force=Force.objects.get(police_uk_id="gloucestershire"),
        by=["month", "crime_type", "district", "lsoa"],
        start=selectors.month_start("2024-02"),
    )
    got = Counter(
        {(r["month"], r["crime_type"], r["district"], r["lsoa"]): r["count"] for r in rows}
    )
    assert got == expected
    assert len(rows) == len(expected) > 1000


def test_outcomes_by_crime_type_from_street_files(reference: None) -> None:
    policeuk.run(paths=[STREET_DIR / "2024-01" / "2024-01-gloucestershire-street.csv"])
    outcomes = OutcomeCount.objects.filter(force__police_uk_id="gloucestershire")
    asb = outcomes.filter(crime_type="Anti-social behaviour")
    assert list(asb.values_list("outcome", flat=True)) == [""]  # ASB rows carry no outcome
    assert sum(outcomes.values_list("count", flat=True)) == 5000


def test_importing_twice_gives_the_same_totals(reference: None) -> None:
    files = [STREET_DIR / "2024-02"]
    policeuk.run(paths=files)
    first = (stored_counts(), Slice.objects.count(), parquet_rows(), CrimeCount.objects.count())
    policeuk.run(paths=files)
    assert (
        stored_counts(),
        Slice.objects.count(),
        parquet_rows(),
        CrimeCount.objects.count(),
    ) == first
    assert ImportRun.objects.filter(status=ImportStatus.SUCCEEDED).count() == 2


def _copy_with_bad_last_row(tmp_path: Path) -> Path:
    folder = tmp_path / "2024-03"
    shutil.copytree(STREET_DIR / "2024-03", folder)
    last = sorted(folder.glob("*.csv"))[-1]
    lines = last.read_text(encoding="utf-8").splitlines()
    fields = next(csv.reader([lines[-1]]))
    fields[9] = "Jaywalking"
    lines[-1] = ",".join(f'"{f}"' if "," in f else f for f in fields)
    last.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_bad_row_in_last_file_names_file_line_field_and_changes_nothing(
    reference: None, tmp_path: Path
) -> None:
    policeuk.run(paths=[STREET_DIR / "2024-03"])
    before = (stored_counts(), Slice.objects.count(), parquet_rows())
    folder = _copy_with_bad_last_row(tmp_path)
    last = sorted(folder.glob("*.csv"))[-1]
    line_count = len(last.read_text(encoding="utf-8").splitlines())
    with pytest.raises(policeuk.PoliceUkImportError) as error:
        policeuk.run(paths=[folder])
    assert str(error.value) == (
        f"{last}, line {line_count}, field 'Crime type': not a published crime type: Jaywalking"
    )
    assert (stored_counts(), Slice.objects.count(), parquet_rows()) == before
    failed = ImportRun.objects.get(status=ImportStatus.FAILED)
    assert "Jaywalking" in failed.message
    assert not (Path(settings.CRIMEPLAN_DATA_DIR) / "staging").exists() or not any(
        (Path(settings.CRIMEPLAN_DATA_DIR) / "staging").iterdir()
    )


def test_an_import_killed_half_way_leaves_the_previous_data(reference: None) -> None:
    policeuk.run(paths=[STREET_DIR / "2024-04"])
    before = (stored_counts(), Slice.objects.count(), parquet_rows())

    def killed_after_two_files(done: int, latest: int) -> None:
        killed_after_two_files.calls += 1  # type: ignore[attr-defined]
        if killed_after_two_files.calls == 2:  # type: ignore[attr-defined]
            raise KeyboardInterrupt("simulated kill")

    killed_after_two_files.calls = 0  # type: ignore[attr-defined]
    with pytest.raises(KeyboardInterrupt):
        policeuk.run(
            paths=[STREET_DIR / "2024-04", STREET_DIR / "2024-01"],
            progress=killed_after_two_files,
            batch_bytes=2_000_000,  # a batch or two per folder, so the kill falls between batches
        )
    assert (stored_counts(), Slice.objects.count(), parquet_rows()) == before
    assert "nothing was changed" in ImportRun.objects.get(status=ImportStatus.FAILED).message


def test_skip_bad_rows_loads_the_good_and_writes_the_rejected(
    reference: None, tmp_path: Path
) -> None:
    folder = _copy_with_bad_last_row(tmp_path)
    run = policeuk.run(paths=[folder], skip_bad_rows=True)
    total = sum(1 for p in folder.glob("*.csv") for _ in p.open(encoding="utf-8")) - 5
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (total, total - 1, 1)
    with open(run.rejected_rows_file, newline="", encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(r["field"], r["reason"]) for r in rejected] == [
        ("Crime type", "not a published crime type: Jaywalking")
    ]
    wilts = Slice.objects.get(force__police_uk_id="wiltshire", month="2024-03-01")
    assert wilts.rows_rejected == 1 and wilts.rejected_by_reason == {"Crime type": 1}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = [
    "abc",
    "2024-01",
    "Gloucestershire Constabulary",
    "Gloucestershire Constabulary",
    "-2.1",
    "51.9",
    "On or near High Street",
    "E01022163",
    "Cheltenham 001A",
    "Burglary",
    "Under investigation",
    "",
]


@pytest.mark.parametrize(
    ("column", "value", "field_name", "reason"),
    [
        (1, "2024-13", "Month", "not a month in the form YYYY-MM: 2024-13"),
        (1, "", "Month", "not a month in the form YYYY-MM: (blank)"),
        (
            3,
            "Atlantis Police",
            "Falls within",
            "not a territorial police force of England and Wales: Atlantis Police",
        ),
        (9, "burglary", "Crime type", "not a published crime type: burglary"),
        (4, "12.5", "Longitude", "not a longitude inside the UK: 12.5"),
        (4, "", "Longitude", "longitude and latitude must both be given or both be blank"),
        (5, "north", "Latitude", "not a latitude inside the UK: north"),
        (7, "E0102216", "LSOA code", "not an LSOA code: E0102216"),
        (10, "Let off", "Last outcome category", "not a published outcome: Let off"),
    ],
)
def test_each_rule_names_its_field(
    reference: None, tmp_path: Path, column: int, value: str, field_name: str, reason: str
) -> None:
    bad = list(GOOD)
    bad[column] = value
    path = _write(tmp_path / "street.csv", policeuk.STREET_HEADER, [GOOD, GOOD, bad])
    with pytest.raises(policeuk.PoliceUkImportError) as error:
        policeuk.run(paths=[path])
    assert (error.value.line, error.value.field_name, error.value.detail) == (4, field_name, reason)


def test_a_malformed_line_is_named(reference: None, tmp_path: Path) -> None:
    path = _write(tmp_path / "street.csv", policeuk.STREET_HEADER, [GOOD, [*GOOD, "extra"], GOOD])
    with pytest.raises(policeuk.PoliceUkImportError, match="line 3"):
        policeuk.run(paths=[path])
    run = policeuk.run(paths=[path], skip_bad_rows=True)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (3, 2, 1)


def test_an_unknown_header_is_refused(reference: None, tmp_path: Path) -> None:
    path = _write(tmp_path / "other.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(
        policeuk.PoliceUkImportError, match=r"line 1: the header is not that of a police\.uk"
    ):
        policeuk.run(paths=[path])


def test_api_json_agrees_with_the_archive_for_the_same_rows(
    reference: None, tmp_path: Path
) -> None:
    """The same crimes as archive CSV and as API JSON give the same ids, types and counts."""
    source = STREET_DIR / "2024-01" / "2024-01-gloucestershire-street.csv"
    with source.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Longitude"]][:400]
    slugs = {label: slug for slug, label in police_uk_categories().api_slug_to_crime_type.items()}
    api = [
        {
            "category": slugs[r["Crime type"]],
            "location_type": "Force",
            "location": {
                "latitude": r["Latitude"],
                "longitude": r["Longitude"],
                "street": {"id": n, "name": r["Location"]},
            },
            "context": "",
            "outcome_status": (
                {"category": r["Last outcome category"], "date": "2024-02"}
                if r["Last outcome category"]
                else None
            ),
            "persistent_id": r["Crime ID"],
            "id": n,
            "location_subtype": "",
            "month": r["Month"],
        }
        for n, r in enumerate(rows)
    ]
    json_path = tmp_path / "crimes-street.json"
    json_path.write_text(json.dumps(api))
    csv_path = _write(
        tmp_path / "2024-01-gloucestershire-street.csv",
        policeuk.STREET_HEADER,
        [[r[c] for c in policeuk.STREET_HEADER] for r in rows],
    )
    policeuk.run(paths=[csv_path])
    policeuk.run(paths=[json_path], force_id="gloucestershire")
    data = Path(settings.CRIMEPLAN_DATA_DIR) / "policeuk"

    def ids_and_types(kind: str) -> list[tuple[str, str, str]]:
        files = [str(p) for p in (data / kind).rglob("*.parquet")]
        return duckdb.sql(
            f"SELECT coalesce(crime_id, ''), crime_type, coalesce(last_outcome_category, '') "
            f"FROM read_parquet({files}) ORDER BY ALL"
        ).fetchall()

    assert ids_and_types("street_api") == ids_and_types("street")
    assert len(ids_and_types("street")) == 400


def test_real_api_extracts_load_as_an_area_extract(reference: None) -> None:
    files = sorted(API_DIR.glob("crimes-street_*.json"))
    run = policeuk.run(paths=files, force_id="gloucestershire")
    assert run.rows_loaded == 5713 and run.rows_rejected == 0
    counts = dict(
        CrimeCount.objects.filter(kind=DatasetKind.STREET_API)
        .values_list("crime_type")
        .annotate(n=Sum("count"))
    )
    assert counts["Violence and sexual offences"] == 1846
    assert counts["Anti-social behaviour"] == 1254
    assert counts["Shoplifting"] == 572
    # An area extract never replaces the force's archive data.
    assert not CrimeCount.objects.filter(kind=DatasetKind.STREET).exists()


def test_api_json_needs_a_force(reference: None) -> None:
    with pytest.raises(policeuk.PoliceUkImportError, match="give --force"):
        policeuk.run(paths=[next(API_DIR.glob("crimes-street_*.json"))])


def test_zip_archives_are_read(reference: None, tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "2024-01.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in (STREET_DIR / "2024-01").glob("*.csv"):
            bundle.write(path, f"2024-01/{path.name}")
    run = policeuk.run(paths=[archive])
    assert run.rows_loaded == 5000 + 4644 + 3972 + 3882 + 3842
    assert all(f["name"].startswith(f"{archive}:2024-01/") for f in run.files)


def test_two_files_for_the_same_month_are_refused(reference: None, tmp_path: Path) -> None:
    """Two archive editions of one month in one import would otherwise be added together."""
    copy = tmp_path / "older" / GLOS_JAN_NAME
    copy.parent.mkdir()
    text = (STREET_DIR / "2024-01" / GLOS_JAN_NAME).read_text(encoding="utf-8")
    copy.write_text(text.replace("Under investigation", "Unable to prosecute suspect", 1))
    with pytest.raises(policeuk.PoliceUkImportError, match="also holds gloucestershire street"):
        policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME, copy])
    assert not CrimeCount.objects.exists()
    identical = tmp_path / "again.csv"
    shutil.copy(STREET_DIR / "2024-01" / GLOS_JAN_NAME, identical)
    with pytest.raises(policeuk.PoliceUkImportError, match="the same file as"):
        policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME, identical])


def test_file_names_are_not_read_as_patterns(reference: None, tmp_path: Path) -> None:
    shutil.copy(STREET_DIR / "2024-01" / GLOS_JAN_NAME, tmp_path / "x[1].csv")
    shutil.copy(STREET_DIR / "2024-02" / "2024-02-gloucestershire-street.csv", tmp_path / "x1.csv")
    run = policeuk.run(paths=[tmp_path / "x[1].csv"])
    assert (run.rows_loaded, run.months) == (5000, ["2024-01"])


def test_a_month_whose_rows_are_all_rejected_is_left_as_it_was(
    reference: None, tmp_path: Path
) -> None:
    policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME])
    before = stored_counts()
    bad = list(GOOD)
    bad[9] = "Jaywalking"
    february = list(GOOD)
    february[1] = "2024-02"
    path = _write(tmp_path / "street.csv", policeuk.STREET_HEADER, [bad, february, bad])
    run = policeuk.run(paths=[path], skip_bad_rows=True)
    assert (run.rows_loaded, run.rows_rejected) == (1, 2)
    assert "gloucestershire 2024-01" in run.message
    assert Counter({k: v for k, v in stored_counts()[0].items() if k[1] == "2024-01"}) == before[0]


def test_a_file_whose_every_row_is_rejected_is_an_error(reference: None, tmp_path: Path) -> None:
    """With --skip-bad-rows too: a file with no valid row did not import anything."""
    policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME])
    before = stored_counts()
    bad = list(GOOD)
    bad[9] = "Jaywalking"
    path = _write(tmp_path / "street.csv", policeuk.STREET_HEADER, [bad, bad])
    with pytest.raises(policeuk.PoliceUkImportError, match="none of its 2 rows is valid"):
        policeuk.run(paths=[path], skip_bad_rows=True)
    assert stored_counts() == before
    failed = ImportRun.objects.get(status=ImportStatus.FAILED)
    with open(failed.rejected_rows_file, newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 2  # still there to see why


OUTCOME_ROW = ["{id}", "2024-02", "Gloucestershire Constabulary", "Gloucestershire Constabulary",
               "-2.1", "51.9", "On or near High Street", "E01022163", "Cheltenham 001A",
               "Offender given a caution"]  # fmt: skip
STOP_ROW = ["Person search", "2024-01-05T14:30:00+00:00", "False", "", "51.9", "-2.1", "Male",
            "18-24", "White - English/Welsh/Scottish/Northern Irish/British", "White",
            "Misuse of Drugs Act 1971 (section 23)", "Controlled drugs",
            "A no further action disposal", "False", "False"]  # fmt: skip


@pytest.mark.parametrize(
    ("column", "value", "field_name", "reason"),
    [
        (1, "2024-2", "Month", "not a month in the form YYYY-MM: 2024-2"),
        (3, "", "Falls within", "not a territorial police force of England and Wales: (blank)"),
        (9, "Hanged", "Outcome type", "not a published outcome: Hanged"),
        (9, "", "Outcome type", "not a published outcome: (blank)"),
        (7, "W01ABCDEF", "LSOA code", "not an LSOA code: W01ABCDEF"),
        (5, "", "Longitude", "longitude and latitude must both be given or both be blank"),
        (5, "61.5", "Latitude", "not a latitude inside the UK: 61.5"),
    ],
)
def test_each_outcomes_rule_names_its_field(
    reference: None, tmp_path: Path, column: int, value: str, field_name: str, reason: str
) -> None:
    """Rules tested on a streamed batch's distinct values (month, force, outcome, LSOA)
    and row by row (coordinates) alike stop the import and name the row."""
    good = [v.format(id="a" * 64) for v in OUTCOME_ROW]
    bad = list(good)
    bad[column] = value
    path = _write(tmp_path / "outcomes.csv", policeuk.OUTCOMES_HEADER, [good, bad, good])
    with pytest.raises(policeuk.PoliceUkImportError) as error:
        policeuk.run(paths=[path])
    assert (error.value.line, error.value.field_name, error.value.detail) == (3, field_name, reason)
    assert not Slice.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "field_name", "reason"),
    [
        (0, "Strip search", "Type", "not a published search type: Strip search"),
        (1, "2024-01-05T25", "Date", "not a date and time: 2024-01-05T25"),
        (12, "Fined", "Outcome", "not a published outcome: Fined"),
        (11, "x" * 121, "Object of search", "longer than 120 characters"),
        (8, "y" * 201, "Self-defined ethnicity", "longer than 200 characters"),
        (5, "9.5", "Longitude", "not a longitude inside the UK: 9.5"),
    ],
)
def test_each_stop_and_search_rule_names_its_field(
    reference: None, tmp_path: Path, column: int, value: str, field_name: str, reason: str
) -> None:
    bad = list(STOP_ROW)
    bad[column] = value
    path = _write(
        tmp_path / "2024-01-gloucestershire-stop-and-search.csv",
        policeuk.STOP_SEARCH_HEADER,
        [STOP_ROW, STOP_ROW, bad],
    )
    with pytest.raises(policeuk.PoliceUkImportError) as error:
        policeuk.run(paths=[path])
    assert (error.value.line, error.value.field_name, error.value.detail) == (4, field_name, reason)
    assert not Slice.objects.exists()


def test_good_outcomes_and_searches_are_read_in_one_streaming_pass(
    reference: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules of every kind pass a good batch without reading it again row by row, and
    a folder named like a partition (key=value) adds no column."""

    def not_wanted(*args: object) -> None:
        raise AssertionError("a good batch was read row by row")

    monkeypatch.setattr(checking.RowCheck, "check", not_wanted)
    folder = tmp_path / "Month=1999-12"
    folder.mkdir()
    outcomes = _write(
        folder / "2024-02-gloucestershire-outcomes.csv",
        policeuk.OUTCOMES_HEADER,
        [[v.format(id=c * 64) for v in OUTCOME_ROW] for c in "ab"],
    )
    searches = _write(
        folder / "2024-01-gloucestershire-stop-and-search.csv",
        policeuk.STOP_SEARCH_HEADER,
        [STOP_ROW, STOP_ROW],
    )
    run = policeuk.run(paths=[outcomes, searches])
    assert (run.rows_loaded, run.rows_rejected) == (4, 0)
    assert run.months == ["2024-01", "2024-02"]


def test_outcomes_take_crime_types_from_street_data_in_the_same_import(
    reference: None, tmp_path: Path
) -> None:
    street = STREET_DIR / "2024-01" / GLOS_JAN_NAME
    with street.open(newline="", encoding="utf-8") as handle:
        burglaries = [
            r["Crime ID"] for r in csv.DictReader(handle) if r["Crime type"] == "Burglary"
        ]
    outcomes = _write(
        tmp_path / "2024-02-gloucestershire-outcomes.csv",
        policeuk.OUTCOMES_HEADER,
        [[v.format(id=i) for v in OUTCOME_ROW] for i in burglaries[:3]],
    )
    # Outcomes listed first: the importer still reads street data before them.
    run = policeuk.run(paths=[outcomes, street])
    counts = OutcomeCount.objects.filter(kind="outcomes")
    assert list(counts.values_list("crime_type", "outcome", "count")) == [
        ("Burglary", "Offender given a caution", 3)
    ]
    assert run.rows_loaded == 5003


def test_stop_and_search_counts_by_reason_outcome_and_ethnicity(
    reference: None, tmp_path: Path
) -> None:
    from crimeplan.crime_data.models import StopSearchCount

    rows = [STOP_ROW, STOP_ROW, [*STOP_ROW[:11], "Stolen goods", "Arrest", "True", "False"]]
    path = _write(
        tmp_path / "2024-01-gloucestershire-stop-and-search.csv", policeuk.STOP_SEARCH_HEADER, rows
    )
    policeuk.run(paths=[path])
    counts = {(c.object_of_search, c.outcome): c.count for c in StopSearchCount.objects.all()}
    assert counts == {
        ("Controlled drugs", "A no further action disposal"): 2,
        ("Stolen goods", "Arrest"): 1,
    }
    assert Slice.objects.get(kind="stop_and_search").rows == 3
    with pytest.raises(policeuk.PoliceUkImportError, match="the file name says 'gloucestershire'"):
        policeuk.run(paths=[path], force_id="wiltshire")
    unnamed = _write(tmp_path / "searches.csv", policeuk.STOP_SEARCH_HEADER, rows)
    with pytest.raises(policeuk.PoliceUkImportError, match="do not name their force"):
        policeuk.run(paths=[unnamed])
    bad = _write(
        tmp_path / "2024-01-gloucestershire-stop-and-search.csv",
        policeuk.STOP_SEARCH_HEADER,
        [[*STOP_ROW[:1], "yesterday", *STOP_ROW[2:]]],
    )
    with pytest.raises(policeuk.PoliceUkImportError) as error:
        policeuk.run(paths=[bad])
    assert (error.value.line, error.value.field_name) == (2, "Date")


def test_a_failure_while_publishing_leaves_the_previous_data(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database commit is the switch: new Parquet versions placed before a failed
    commit are removed, and the slices still read their previous versions."""
    policeuk.run(paths=[STREET_DIR / "2024-01"])
    before = (stored_counts(), parquet_rows(), policeuk.published_rows(kind="street"))

    def fail_half_way(*args: object) -> None:
        CrimeCount.objects.filter(kind="street").delete()
        raise OSError("disk full")

    monkeypatch.setattr(publishing, "replace_summaries", fail_half_way)
    with pytest.raises(OSError, match="disk full"):
        policeuk.run(paths=[STREET_DIR / "2024-01"])
    monkeypatch.undo()
    assert (stored_counts(), parquet_rows(), policeuk.published_rows(kind="street")) == before
    versions = {p.name for p in (Path(settings.CRIMEPLAN_DATA_DIR) / "policeuk").rglob("run-*")}
    assert len(versions) == 1  # only the first import's version: the failed one was removed


def test_a_new_version_replaces_the_old_one_on_disk(reference: None) -> None:
    first = policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME])
    second = policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME])
    folder = Path(settings.CRIMEPLAN_DATA_DIR) / "policeuk" / "street"
    assert [p.name for p in folder.glob("run-*")] == [f"run-{second.pk}"]
    assert first.pk != second.pk and parquet_rows() == 5000


def test_an_import_replacing_some_months_keeps_the_others_rows(reference: None) -> None:
    """An import's folder holds many slices: it stays while any of them is in use, and a
    replaced slice's old rows are never read."""
    first = policeuk.run(paths=[STREET_DIR / "2024-01", STREET_DIR / "2024-02"])
    total = parquet_rows()
    second = policeuk.run(paths=[STREET_DIR / "2024-01"])
    folder = Path(settings.CRIMEPLAN_DATA_DIR) / "policeuk" / "street"
    assert sorted(p.name for p in folder.glob("run-*")) == [f"run-{first.pk}", f"run-{second.pk}"]
    assert parquet_rows() == total
    third = policeuk.run(paths=[STREET_DIR / "2024-02"])
    assert sorted(p.name for p in folder.glob("run-*")) == [f"run-{second.pk}", f"run-{third.pk}"]
    assert parquet_rows() == total


def test_the_demo_imports_again_when_the_rows_are_missing(reference: None) -> None:
    """Rows stored in an earlier layout (or a lost data folder) are mended by the demo."""
    from crimeplan.crime_data import demo

    policeuk.run(paths=[STREET_DIR / "2024-01" / GLOS_JAN_NAME])
    assert not policeuk.rows_missing(kind="street")
    shutil.rmtree(Path(settings.CRIMEPLAN_DATA_DIR) / "policeuk" / "street")
    assert policeuk.rows_missing(kind="street")
    with pytest.raises(FileNotFoundError, match="import those months again"):
        parquet_rows()
    lines = demo.load()
    assert any("police.uk street files: 87,507 rows" in line for line in lines)
    assert not policeuk.rows_missing(kind="street") and parquet_rows() == 87507


def test_summary_rows_are_inserted_exactly_in_statements_of_many_rows(reference: None) -> None:
    """More rows than one statement takes (and a part-filled last statement): every row is
    stored once, with its values as given."""
    from crimeplan.geography.models import Force

    force_pks = list(Force.objects.values_list("pk", flat=True)[:3])
    rows = [
        ("street", force_pks[n % 3], f"2023-{n % 12 + 1:02d}-01", f"type {n % 7}", f"o {n}", n)
        for n in range(1_201)
    ]
    assert publishing.bulk_insert(
        OutcomeCount, ["kind", "force_id", "month", "crime_type", "outcome", "count"], iter(rows)
    ) == len(rows)
    stored = sorted(
        (kind, force, f"{month:%Y-%m-%d}", crime_type, outcome, count)
        for kind, force, month, crime_type, outcome, count in OutcomeCount.objects.values_list(
            "kind", "force_id", "month", "crime_type", "outcome", "count"
        )
    )
    assert stored == sorted(rows)


def test_the_publishing_commit_waits_for_the_disk_on_sqlite(live_db: None) -> None:
    """SQLite connections commit with synchronous=NORMAL; the publishing commit runs with
    FULL, and the connection's level is restored after it. Inside a caller's transaction
    (where SQLite refuses the change) nothing is changed. PostgreSQL's commits always wait."""
    from django.db import connection, transaction

    def level() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            return int(cursor.fetchone()[0])

    if connection.vendor != "sqlite":
        with publishing.durable_commit(), transaction.atomic():
            assert connection.in_atomic_block  # a plain commit, nothing changed
        return
    normal, full = 1, 2
    assert level() == normal
    with publishing.durable_commit(), transaction.atomic():
        assert level() == full
    assert level() == normal
    with transaction.atomic(), publishing.durable_commit():
        assert level() == normal
