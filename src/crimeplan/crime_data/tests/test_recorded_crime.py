"""The Home Office recorded-crime importer against the real 2017/18 table, counted independently."""

import csv
import hashlib
import io
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.crime_data import offence_measures, recorded_crime
from crimeplan.crime_data.constants import ImportKind, ImportStatus
from crimeplan.crime_data.importing import ImportFileError
from crimeplan.crime_data.models import ImportRun, RecordedCrime
from crimeplan.crime_data.recorded_crime import QuarterKey
from crimeplan.geography.models import Force

pytestmark = pytest.mark.django_db
PRC_FILE = (
    Path(settings.CRIMEPLAN_SHARED_DATA)
    / "homeoffice-prc-pfa-2017-18-and-lsoa2011-lookups"
    / "prc_pfa_2017_18_by_quarter_offence_code.csv"
)
MEASURES_FILE = offence_measures.SHIPPED_FILE
# Written out again here, from PROVENANCE.md, rather than taken from the importer.
NOT_TERRITORIAL = {
    "British Transport Police": 59_591,
    "Action Fraud": 277_033,
    "CIFAS": 276_997,
    "UK Finance": 59_367,
    "Financial Fraud Action UK": 24_961,
}
PUBLISHED_43_FORCES = 4_821_452
PUBLISHED_GLOUCESTERSHIRE = {1: 8_659, 2: 8_785, 3: 8_073, 4: 8_559}
YEAR = "2017/18"


def file_rows(path: Path = PRC_FILE) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def independent_counts() -> dict[tuple[str, int], int]:
    """(Home Office force name, quarter) → offences, straight from the file with `csv`."""
    counts: Counter[tuple[str, int]] = Counter()
    for row in file_rows():
        counts[(row["Force_Name"], int(row["Financial_Quarter"]))] += int(row["Number_of_Offences"])
    return counts


def stored_state() -> list[tuple[object, ...]]:
    return sorted(
        RecordedCrime.objects.values_list(
            "force__police_uk_id", "financial_year", "quarter", "offence_code", "count",
            "offence_description", "offence_group", "offence_subgroup",
        )
    )  # fmt: skip


def with_last_line_changed(tmp_path: Path, column: str, value: str) -> Path:
    lines = PRC_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[-1]]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    path = tmp_path / "prc_bad_last_line.csv"
    path.write_text("".join(lines[:-1]) + buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_DATA_DIR = tmp_path / "data"


@pytest.fixture
def imported(reference: None) -> ImportRun:
    return recorded_crime.run(path=PRC_FILE, actor=None)


def test_totals_match_the_file_and_the_published_figures(imported: ImportRun) -> None:
    expected = independent_counts()
    totals = recorded_crime.recorded_crime_totals(financial_year=YEAR)
    territorial = sum(n for (name, _), n in expected.items() if name not in NOT_TERRITORIAL)
    assert territorial == PUBLISHED_43_FORCES
    assert sum(totals.values()) == territorial
    assert len({key.force for key in totals}) == 43
    for force in Force.objects.all():
        for quarter in (1, 2, 3, 4):
            key = QuarterKey(force.police_uk_id, YEAR, quarter)
            assert totals[key] == expected[(force.home_office_name, quarter)], key


def test_gloucestershire_by_quarter(imported: ImportRun) -> None:
    expected = independent_counts()
    totals = recorded_crime.recorded_crime_totals(force="gloucestershire", financial_year=YEAR)
    by_quarter = {key.quarter: n for key, n in totals.items()}
    assert by_quarter == {q: expected[("Gloucestershire", q)] for q in (1, 2, 3, 4)}
    assert by_quarter == PUBLISHED_GLOUCESTERSHIRE
    assert sum(by_quarter.values()) == 34_076


def test_the_import_is_recorded_and_audited(imported: ImportRun) -> None:
    run = ImportRun.objects.get(pk=imported.pk)
    assert (run.kind, run.status) == (ImportKind.RECORDED_CRIME, ImportStatus.SUCCEEDED)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (23_068, 22_532, 0)
    assert run.files[0]["sha256"] == hashlib.sha256(PRC_FILE.read_bytes()).hexdigest()
    assert run.files[0]["rows_skipped"] == 536
    assert run.months[0] == "2017-04" and run.months[-1] == "2018-03" and len(run.months) == 12
    assert len(run.forces) == 43
    assert AuditEvent.objects.filter(
        action=AuditAction.IMPORT, object_type="crime_data.ImportRun", object_id=str(run.pk)
    ).exists()


def test_bodies_that_are_not_forces_are_reported_with_their_counts(imported: ImportRun) -> None:
    rows: Counter[str] = Counter()
    offences: Counter[str] = Counter()
    for row in file_rows():
        if row["Force_Name"] in NOT_TERRITORIAL:
            rows[row["Force_Name"]] += 1
            offences[row["Force_Name"]] += int(row["Number_of_Offences"])
    assert offences == NOT_TERRITORIAL
    reported = imported.files[0]["skipped_bodies"]
    assert reported == {body: {"rows": rows[body], "offences": offences[body]} for body in rows}
    for body, n in offences.items():
        unit = "row" if rows[body] == 1 else "rows"
        assert f"{body} {rows[body]:,} {unit} ({n:,} offences)" in imported.message
    assert imported.rows_read == imported.rows_loaded + sum(rows.values())


def test_homicide_rows_sharing_a_code_are_added_together(imported: ImportRun) -> None:
    homicide = "1/4.1/4.10/4.2"
    rows = [
        r
        for r in file_rows()
        if r["Force_Name"] == "Gloucestershire" and r["Offence_Code"] == homicide
    ]
    assert len(rows) == 16  # four rows a quarter in the file
    stored = RecordedCrime.objects.filter(
        force__police_uk_id="gloucestershire", offence_code=homicide
    )
    assert stored.count() == 4
    assert sum(s.count for s in stored) == sum(int(r["Number_of_Offences"]) for r in rows) == 3
    assert imported.files[0]["rows_combined"] == 43 * 4 * 3


def test_negative_quarters_are_kept_because_the_totals_include_them(imported: ImportRun) -> None:
    negative = [
        r for r in file_rows()
        if int(r["Number_of_Offences"]) < 0 and r["Force_Name"] not in NOT_TERRITORIAL
    ]  # fmt: skip
    assert negative
    lancashire = RecordedCrime.objects.get(
        force__police_uk_id="lancashire", financial_year=YEAR, quarter=3, offence_code="88C"
    )
    assert lancashire.count == -45


def test_importing_twice_leaves_the_same_data(imported: ImportRun) -> None:
    before = stored_state()
    again = recorded_crime.run(path=PRC_FILE, actor=None)
    assert again.status == ImportStatus.SUCCEEDED
    assert stored_state() == before
    assert len(before) == 43 * 4 * 128
    assert sum(recorded_crime.recorded_crime_totals().values()) == PUBLISHED_43_FORCES


def test_a_bad_last_line_names_file_line_and_field_and_changes_nothing(
    imported: ImportRun, tmp_path: Path
) -> None:
    before = stored_state()
    bad = with_last_line_changed(tmp_path, "Number_of_Offences", "lots")
    with pytest.raises(ImportFileError) as caught:
        recorded_crime.run(path=bad, actor=None)
    error = caught.value
    assert (error.file, error.line, error.field_name) == (str(bad), 23_069, "Number_of_Offences")
    assert str(error).startswith(f"{bad}, line 23069, field 'Number_of_Offences': 'lots'")
    assert stored_state() == before
    failed = ImportRun.objects.latest("id")
    assert failed.status == ImportStatus.FAILED and "line 23069" in failed.message
    assert AuditEvent.objects.filter(object_id=str(failed.pk), summary__contains="failed").exists()


def test_skip_bad_rows_loads_the_good_rows_and_reports_the_bad(
    reference: None, tmp_path: Path
) -> None:
    bad = with_last_line_changed(tmp_path, "Force_Name", "Atlantis")
    run = recorded_crime.run(path=bad, actor=None, skip_bad_rows=True)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (23_068, 22_531, 1)
    assert "1 row rejected (Force_Name: 1)" in run.message
    assert "line 23069, field 'Force_Name': 'Atlantis' is not the Home Office name" in run.message
    with Path(run.rejected_rows_file).open(newline="", encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(r["line"], r["field"]) for r in rejected] == [("23069", "Force_Name")]
    assert "Atlantis" in rejected[0]["values"]
    # The rejected line was Wiltshire's wildlife count for Q4, which is 0.
    assert sum(recorded_crime.recorded_crime_totals().values()) == PUBLISHED_43_FORCES
    assert not RecordedCrime.objects.filter(
        force__police_uk_id="wiltshire", quarter=4, offence_code="96"
    ).exists()


def write_sample(tmp_path: Path, edit: str, line_number: int, value: str) -> Path:
    """The header and Gloucestershire's first 20 rows, one cell (or the header) changed."""
    lines = PRC_FILE.read_text(encoding="utf-8").splitlines()
    gloucestershire = [line for line in lines[1:] if ",Gloucestershire," in line]
    rows = [lines[0], *gloucestershire[:20]]
    records = [next(csv.reader([line])) for line in rows]
    if edit == "header":
        records[0][records[0].index(value)] = "Something_Else"
    elif edit == "short":
        records[line_number - 1] = records[line_number - 1][:5]
    else:
        records[line_number - 1][records[0].index(edit)] = value
    path = tmp_path / "sample.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)
    return path


@pytest.mark.parametrize(
    ("edit", "line", "value", "field_name", "message"),
    [
        ("header", 1, "Offence_Code", None, "missing columns: Offence_Code"),
        ("Financial_Year", 3, "2017/19", "Financial_Year", "not a financial year"),
        ("Financial_Year", 3, "", "Financial_Year", "not a financial year"),
        ("Financial_Quarter", 4, "5", "Financial_Quarter", "not a quarter"),
        ("Force_Name", 5, "Gloucestershire Constabulary", "Force_Name", "not the Home Office"),
        ("Offence_Code", 6, " ", "Offence_Code", "missing"),
        ("Offence_Description", 7, "", "Offence_Description", "missing"),
        ("Number_of_Offences", 8, "12.5", "Number_of_Offences", "not a whole number"),
        ("Number_of_Offences", 9, "", "Number_of_Offences", "not a whole number"),
        ("Number_of_Offences", 10, "9999999999", "Number_of_Offences", "beyond the counts"),
        ("short", 11, "", None, "5 fields where the header has 10"),
    ],
)
def test_each_kind_of_bad_value_names_file_line_and_field(
    reference: None,
    tmp_path: Path,
    edit: str,
    line: int,
    value: str,
    field_name: str | None,
    message: str,
) -> None:
    path = write_sample(tmp_path, edit, line, value)
    with pytest.raises(ImportFileError) as caught:
        recorded_crime.run(path=path, actor=None)
    error = caught.value
    assert (error.file, error.line, error.field_name) == (str(path), line, field_name)
    assert message in str(error)
    assert not RecordedCrime.objects.exists()


def test_a_repeated_code_with_different_labels_is_refused(reference: None, tmp_path: Path) -> None:
    header, first = PRC_FILE.read_text(encoding="utf-8").splitlines()[:2]
    cells = next(csv.reader([first]))
    cells[header.split(",").index("Offence_Description")] = "Something else"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    path = tmp_path / "repeated.csv"
    path.write_text(f"{header}\n{first}\n{buffer.getvalue()}", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        recorded_crime.run(path=path, actor=None)
    assert (caught.value.line, caught.value.field_name) == (3, "Offence_Description")
    assert "different labels on line 2" in str(caught.value)


def test_a_file_that_is_not_utf8_or_missing_is_refused(reference: None, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(PRC_FILE.read_bytes()[:2000] + "Bigamie é\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        recorded_crime.run(path=path, actor=None)
    with pytest.raises(ImportFileError, match="file not found"):
        recorded_crime.run(path=tmp_path / "absent.csv", actor=None)


def test_measure_counts_equal_the_codes_summed_independently(imported: ImportRun) -> None:
    offence_measures.offence_measures_sync(actor=None)
    with MEASURES_FILE.open("rb") as handle:
        measures = tomllib.load(handle)["measures"]
    by_force_code: Counter[tuple[str, str]] = Counter()
    for row in file_rows():
        by_force_code[(row["Force_Name"], row["Offence_Code"])] += int(row["Number_of_Offences"])
    forces = dict(Force.objects.values_list("police_uk_id", "home_office_name"))
    for slug, entry in measures.items():
        counts = recorded_crime.measure_counts(measure=slug, financial_year=YEAR)
        expected = {
            force_id: sum(by_force_code[(name, code)] for code in entry["offence_codes"])
            for force_id, name in forces.items()
        }
        assert counts == expected, slug


def test_gloucestershire_homicide_and_subgroups(imported: ImportRun) -> None:
    offence_measures.offence_measures_sync(actor=None)
    with MEASURES_FILE.open("rb") as handle:
        homicide_codes = tomllib.load(handle)["measures"]["homicide"]["offence_codes"]
    independent = sum(
        int(r["Number_of_Offences"])
        for r in file_rows()
        if r["Force_Name"] == "Gloucestershire" and r["Offence_Code"] in homicide_codes
    )

    def glos(slug: str, quarters: list[int] | None = None) -> int:
        counts = recorded_crime.measure_counts(measure=slug, financial_year=YEAR, quarters=quarters)
        return counts["gloucestershire"]

    assert glos("homicide") == independent == 3
    # PROVENANCE.md's subgroup figures for Gloucestershire.
    assert glos("violence-with-injury") == 4_937
    assert glos("violence-without-injury") == 2_243
    assert glos("stalking-and-harassment") == 1_256
    assert glos("rape") == 375
    assert glos("other-sexual-offences") == 638
    assert glos("burglary-residential") == 2_721
    assert glos("shoplifting") == 3_601
    assert glos("all-crime") == 34_076
    assert glos("all-crime", [1]) == 8_659
    assert glos("all-crime", [2, 3]) == 8_785 + 8_073


def test_the_command_prints_counts_and_skipped_bodies(reference: None, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_recorded_crime", str(PRC_FILE), stdout=out)
    text = out.getvalue()
    assert "23,068 rows read, 22,532 loaded, 0 rejected, 536 skipped" in text
    assert "skipped British Transport Police: 524 rows, 59,591 offences" in text
    assert "Offence measures: 28 created" in text
    bad = with_last_line_changed(tmp_path, "Financial_Quarter", "Q4")
    with pytest.raises(CommandError, match="line 23069, field 'Financial_Quarter'"):
        call_command("import_recorded_crime", str(bad), stdout=io.StringIO())


def test_totals_arithmetic() -> None:
    rows = [
        ("a", YEAR, 1, "8L", 2),
        ("a", YEAR, 1, "8Q", 3),
        ("a", YEAR, 2, "8L", 0),
        ("a", YEAR, 2, "46", 7),
        ("b", YEAR, 1, "46", 5),
        ("b", YEAR, 4, "8L", -1),
    ]
    every = recorded_crime.quarter_totals(rows)
    assert every == {
        QuarterKey("a", YEAR, 1): 5,
        QuarterKey("a", YEAR, 2): 7,
        QuarterKey("b", YEAR, 1): 5,
        QuarterKey("b", YEAR, 4): -1,
    }
    stalking = recorded_crime.quarter_totals(rows, offence_codes={"8L", "8Q"})
    # a's second quarter has a row for 8L, so it is there with 0; b has no 8L in quarter 1.
    assert stalking == {
        QuarterKey("a", YEAR, 1): 5,
        QuarterKey("a", YEAR, 2): 0,
        QuarterKey("b", YEAR, 4): -1,
    }
    assert recorded_crime.force_totals(every) == {"a": 12, "b": 4}
    assert recorded_crime.force_totals(every, quarters={1}) == {"a": 5, "b": 5}


def test_quarter_months() -> None:
    assert recorded_crime.quarter_months("2017/18", 1) == ["2017-04", "2017-05", "2017-06"]
    assert recorded_crime.quarter_months("2017/18", 3) == ["2017-10", "2017-11", "2017-12"]
    assert recorded_crime.quarter_months("2017/18", 4) == ["2018-01", "2018-02", "2018-03"]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            "Financial_Year,Financial_Quarter,Force_Name,Offence_Description,Offence_Group,"
            "Offence_Subgroup,Offence_Code,Number_of_Offences\n",
            "line 2: the file holds no rows, only a header",
        ),
        (
            "Financial_Year,Financial_Quarter,Force_Name,Offence_Description,Offence_Group,"
            "Offence_Subgroup,Offence_Code,Number_of_Offences\n"
            "2017/18,1,Gloucester\0shire,Murder,Homicide,,1,2\n",
            "line 2: a NUL byte",
        ),
    ],
    ids=["header only", "NUL byte"],
)
def test_an_empty_or_binary_file_is_an_error_never_a_success(
    reference: None, tmp_path: Path, content: str, error: str
) -> None:
    path = tmp_path / "prc.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=f"prc.csv, {error}"):
        recorded_crime.run(path=path, skip_bad_rows=True)
    assert not RecordedCrime.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.FAILED
