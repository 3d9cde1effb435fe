"""The aggregated-data and population templates: CSV and XLSX, checks, msg and districts."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.crime_data import aggregates
from crimeplan.crime_data.constants import AreaKind, ImportKind, ImportStatus
from crimeplan.crime_data.importing import ImportFileError
from crimeplan.crime_data.models import AggregateValue, AreaPopulation, ImportRun
from crimeplan.geography.models import ComparisonGroup, ForcePopulation

AGGREGATE_HEADER = ["measure", "area", "period_start", "period_end", "value"]
AGGREGATE_ROWS = [
    ["homicide", "gloucestershire", "2019-01", "2019-12", "4"],
    ["homicide", "msg", "2019-01", "2019-12", "58"],
    ["stalking-and-harassment", "E07000078", "2022-10", "2023-09", "1,234"],
    ["pct-police-good-job", "gloucestershire", "2023-04", "2024-03", "45.6"],
    ["pct-police-good-job", "wiltshire", "2023-04", "2024-03", "0.125000"],
]
POPULATION_HEADER = ["area", "year", "population", "source"]
POPULATION_ROWS = [
    ["gloucestershire", "2019", "637070", "ONS mid-2019"],
    ["E07000081", "2021", "132,400", ""],
    ["msg", "2019", "7354750", "Sum of the group's mid-2019 figures"],
]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_DATA_DIR = tmp_path / "data"
    settings.CRIMEPLAN_FORCE = "gloucestershire"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return path


def stored() -> list[tuple[object, ...]]:
    return sorted(
        AggregateValue.objects.values_list(
            "measure", "area_kind", "area_code", "force__police_uk_id", "period_start",
            "period_end", "value",
        )
    )  # fmt: skip


def test_a_valid_csv_loads_every_kind_of_area(reference: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "aggregates.csv", AGGREGATE_HEADER, AGGREGATE_ROWS)
    run = aggregates.run(paths=[path], actor=UserFactory())
    assert (run.kind, run.status) == (ImportKind.AGGREGATES, ImportStatus.SUCCEEDED)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (5, 5, 0)
    assert run.files[0]["kind"] == "aggregates" and len(run.files[0]["sha256"]) == 64
    jan, dec = datetime.date(2019, 1, 1), datetime.date(2019, 12, 1)
    assert stored() == sorted(
        [
            ("homicide", AreaKind.FORCE, "gloucestershire", "gloucestershire", jan, dec,
             Decimal("4")),
            ("homicide", AreaKind.GROUP, "gloucestershire", "gloucestershire", jan, dec,
             Decimal("58")),
            ("stalking-and-harassment", AreaKind.DISTRICT, "E07000078", "gloucestershire",
             datetime.date(2022, 10, 1), datetime.date(2023, 9, 1), Decimal("1234")),
            ("pct-police-good-job", AreaKind.FORCE, "gloucestershire", "gloucestershire",
             datetime.date(2023, 4, 1), datetime.date(2024, 3, 1), Decimal("45.6")),
            ("pct-police-good-job", AreaKind.FORCE, "wiltshire", "wiltshire",
             datetime.date(2023, 4, 1), datetime.date(2024, 3, 1), Decimal("0.125")),
        ]
    )  # fmt: skip
    assert isinstance(AggregateValue.objects.get(area_code="E07000078").value, Decimal)
    assert AuditEvent.objects.filter(
        action=AuditAction.IMPORT, object_type="crime_data.ImportRun", object_id=str(run.pk)
    ).exists()


def test_a_valid_xlsx_loads_the_same_figures(reference: None, tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "aggregates.csv", AGGREGATE_HEADER, AGGREGATE_ROWS)
    aggregates.run(paths=[csv_path], actor=None)
    from_csv = stored()
    AggregateValue.objects.all().delete()

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(AGGREGATE_HEADER)
    sheet.append(["homicide", "gloucestershire", "2019-01", "2019-12", 4])
    # Excel turns a typed 2019-01 into a date on the 1st; that is taken as the month.
    sheet.append(["homicide", "MSG", datetime.date(2019, 1, 1), "2019-12", 58])
    sheet.append([])  # a blank row between figures is allowed
    sheet.append(["stalking-and-harassment", "e07000078", "2022-10", "2023-09", 1234])
    sheet.append(["pct-police-good-job", "gloucestershire", "2023-04", "2024-03", 45.6])
    sheet.append(["pct-police-good-job", "Wiltshire", "2023-04", "2024-03", "0.125"])
    workbook.create_sheet("Notes").append(["not read: only the first sheet is"])
    path = tmp_path / "aggregates.xlsx"
    workbook.save(path)
    run = aggregates.run(paths=[path], actor=None)
    assert (run.rows_read, run.rows_loaded) == (5, 5)
    assert stored() == from_csv


def test_reimporting_leaves_the_same_figures_and_replaces_by_key(
    reference: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "aggregates.csv", AGGREGATE_HEADER, AGGREGATE_ROWS)
    aggregates.run(paths=[path], actor=None)
    before = stored()
    aggregates.run(paths=[path], actor=None)
    assert stored() == before
    revised = write_csv(
        tmp_path / "revised.csv",
        AGGREGATE_HEADER,
        [["homicide", "gloucestershire", "2019-01", "2019-12", "5"]],
    )
    aggregates.run(paths=[revised], actor=None)
    assert AggregateValue.objects.count() == len(before)
    figure = AggregateValue.objects.get(measure="homicide", area_kind=AreaKind.FORCE)
    assert figure.value == Decimal("5")


def test_msg_is_the_comparison_group_of_the_force_given(reference: None, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "msg.csv", AGGREGATE_HEADER, [["homicide", "msg", "2019-01", "2019-12", "9"]]
    )
    aggregates.run(paths=[path], actor=None)
    aggregates.run(paths=[path], actor=None, force_id="wiltshire")
    groups = AggregateValue.objects.filter(area_kind=AreaKind.GROUP)
    # Two forces' group figures for the same measure and period are both kept.
    assert sorted(groups.values_list("force__police_uk_id", "area_code")) == [
        ("gloucestershire", "gloucestershire"),
        ("wiltshire", "wiltshire"),
    ]
    with pytest.raises(ValueError, match=re.escape("not a police.uk force id")):
        aggregates.run(paths=[path], actor=None, force_id="atlantis")


def test_msg_without_a_comparison_group_is_refused(reference: None, tmp_path: Path) -> None:
    ComparisonGroup.objects.filter(force__police_uk_id="wiltshire").delete()
    path = write_csv(
        tmp_path / "msg.csv", AGGREGATE_HEADER, [["homicide", "msg", "2019-01", "2019-12", "9"]]
    )
    with pytest.raises(ImportFileError, match="comparison group of force 'wiltshire'"):
        aggregates.run(paths=[path], actor=None, force_id="wiltshire")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("measure", "", "missing"),
        ("measure", "Stalking and Harassment", "not a measure slug"),
        ("measure", "stalking_harassment", "not a measure slug"),
        ("area", "", "missing"),
        ("area", "atlantis", "not a police.uk force id, the code of a loaded district, or msg"),
        ("area", "E07000001", "not a police.uk force id"),
        ("period_start", "2019-13", "not a month written YYYY-MM"),
        ("period_start", "2019-1", "not a month written YYYY-MM"),
        ("period_start", "Jan 2019", "not a month written YYYY-MM"),
        ("period_start", "", "missing"),
        ("period_start", "0219-01", "not a year between 1990 and 2100"),
        ("period_end", "2018-12", "is before period_start 2019-01"),
        ("value", "", "missing: write 0 if the figure is zero"),
        ("value", "four", "not a decimal number"),
        ("value", "NaN", "not a finite number"),
        ("value", "inf", "not a finite number"),
        ("value", "-Infinity", "not a finite number"),
        ("value", "-3", "negative"),
        ("value", "-0", "negative"),
        ("value", "45%", "without %"),
        ("value", "1e3", "not a decimal number"),
        ("value", "12,34", "not a decimal number"),
        ("value", "0.1234567", "more than 6 decimal places"),
        ("value", "1234567890123", "too large"),
    ],
)
def test_each_kind_of_bad_value_names_file_line_and_field(
    reference: None, tmp_path: Path, column: str, value: str, message: str
) -> None:
    rows = [list(row) for row in AGGREGATE_ROWS]
    rows[2] = ["stalking-and-harassment", "E07000078", "2019-01", "2019-12", "3"]
    rows[2][AGGREGATE_HEADER.index(column)] = value
    path = write_csv(tmp_path / "bad.csv", AGGREGATE_HEADER, rows)
    with pytest.raises(ImportFileError) as caught:
        aggregates.run(paths=[path], actor=None)
    error = caught.value
    assert (error.file, error.line, error.field_name) == (str(path), 4, column)
    assert str(error).startswith(f"{path}, line 4, field {column!r}: ")
    assert message in str(error)
    assert not AggregateValue.objects.exists()
    assert ImportRun.objects.latest("id").status == ImportStatus.FAILED


@pytest.mark.parametrize(
    ("cell", "number_format", "message"),
    [
        (0.456, "0.0%", "formatted as a percentage"),
        (-2, "General", "negative"),
        (1 / 3, "General", "more than 6 decimal places"),
        (True, "General", "not a number"),
        (datetime.date(2020, 1, 1), "yyyy-mm-dd", "not a number"),
    ],
)
def test_bad_xlsx_cells_name_file_row_and_field(
    reference: None, tmp_path: Path, cell: object, number_format: str, message: str
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(AGGREGATE_HEADER)
    sheet.append(["homicide", "gloucestershire", "2019-01", "2019-12", 4])
    sheet.append(["homicide", "wiltshire", "2019-01", "2019-12", cell])
    sheet["E3"].number_format = number_format
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFileError) as caught:
        aggregates.run(paths=[path], actor=None)
    assert (caught.value.line, caught.value.field_name) == (3, "value")
    assert str(caught.value).startswith(f"{path}, row 3, field 'value': ")
    assert message in str(caught.value)


def test_a_month_given_as_a_date_in_mid_month_is_refused(reference: None, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(AGGREGATE_HEADER)
    sheet.append(["homicide", "gloucestershire", datetime.date(2019, 1, 15), "2019-12", 4])
    path = tmp_path / "dates.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFileError, match="row 2, field 'period_start': 2019-01-15 is a date"):
        aggregates.run(paths=[path], actor=None)


def test_duplicate_keys_name_both_lines(reference: None, tmp_path: Path) -> None:
    rows = [*AGGREGATE_ROWS, ["homicide", "Gloucestershire", "2019-01", "2019-12", "5"]]
    path = write_csv(tmp_path / "dupes.csv", AGGREGATE_HEADER, rows)
    with pytest.raises(ImportFileError) as caught:
        aggregates.run(paths=[path], actor=None)
    assert str(caught.value) == (
        f"{path}, line 7: the same measure, area and period as line 2: give each once"
    )
    other = write_csv(tmp_path / "other.csv", AGGREGATE_HEADER, AGGREGATE_ROWS[:1])
    with pytest.raises(ImportFileError) as caught:
        aggregates.run(paths=[other, path], actor=None)
    assert str(caught.value).startswith(f"{path}, line 2: the same measure, area and period as ")
    assert str(caught.value).endswith(f"line 2 of {other}: give each once")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["measure", "area", "period", "value"], "neither the aggregated-data template"),
        (["measure", "area", "period_start", "period_end", "value", "notes"], "not a column"),
        (["area", "year", "population", "measure"], "not a column"),
        (["area", "area", "year", "population"], "appears twice"),
    ],
)
def test_a_wrong_header_is_refused_at_line_1(
    reference: None, tmp_path: Path, header: list[str], message: str
) -> None:
    path = write_csv(tmp_path / "header.csv", header, [])
    with pytest.raises(ImportFileError) as caught:
        aggregates.run(paths=[path], actor=None)
    assert caught.value.line == 1
    assert message in str(caught.value)


def test_files_that_are_not_templates_are_refused(reference: None, tmp_path: Path) -> None:
    old = tmp_path / "figures.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match=re.escape("give a .csv or .xlsx file")):
        aggregates.run(paths=[old], actor=None)
    fake = tmp_path / "figures.xlsx"
    fake.write_text("measure,area\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not an XLSX workbook"):
        aggregates.run(paths=[fake], actor=None)
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="line 1: the file is empty"):
        aggregates.run(paths=[empty], actor=None)
    with pytest.raises(ImportFileError, match="file not found"):
        aggregates.run(paths=[tmp_path / "absent.csv"], actor=None)


def test_a_failed_import_leaves_the_stored_figures_as_they_were(
    reference: None, tmp_path: Path
) -> None:
    good = write_csv(tmp_path / "good.csv", AGGREGATE_HEADER, AGGREGATE_ROWS)
    aggregates.run(paths=[good], actor=None)
    before = stored()
    changed = [["homicide", "gloucestershire", "2019-01", "2019-12", "99"], AGGREGATE_ROWS[1]]
    changed.append(["homicide", "wiltshire", "2019-01", "2019-12", "lots"])
    bad = write_csv(tmp_path / "bad.csv", AGGREGATE_HEADER, changed)
    with pytest.raises(ImportFileError):
        aggregates.run(paths=[bad], actor=None)
    # A bad second file also stops the good first one.
    with pytest.raises(ImportFileError):
        aggregates.run(paths=[good, bad], actor=None)
    assert stored() == before


def test_skip_bad_rows_loads_the_good_and_reports_the_bad(reference: None, tmp_path: Path) -> None:
    rows = [*AGGREGATE_ROWS, ["homicide", "atlantis", "2019-01", "2019-12", "1"]]
    rows.append(["homicide", "wiltshire", "2019-01", "2019-12", "-1"])
    path = write_csv(tmp_path / "mixed.csv", AGGREGATE_HEADER, rows)
    run = aggregates.run(paths=[path], actor=None, skip_bad_rows=True)
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (7, 5, 2)
    assert AggregateValue.objects.count() == 5
    assert "2 rows rejected (area: 1; value: 1)" in run.message
    with Path(run.rejected_rows_file).open(newline="", encoding="utf-8") as handle:
        rejected = [(r["line"], r["field"]) for r in csv.DictReader(handle)]
    assert rejected == [("7", "area"), ("8", "value")]


def test_populations_go_to_force_and_area_tables(reference: None, tmp_path: Path) -> None:
    analyst = UserFactory()
    path = write_csv(tmp_path / "populations.csv", POPULATION_HEADER, POPULATION_ROWS)
    run = aggregates.run(paths=[path], actor=analyst)
    assert (run.kind, run.rows_loaded) == (ImportKind.POPULATIONS, 3)
    force = ForcePopulation.objects.get(force__police_uk_id="gloucestershire", year=2019)
    assert (force.population, force.source, force.entered_by_analyst) == (
        637_070, "ONS mid-2019", True,
    )  # fmt: skip
    assert AuditEvent.objects.filter(
        actor=analyst, object_type="geography.ForcePopulation", object_id=str(force.pk)
    ).exists()
    areas = sorted(
        AreaPopulation.objects.values_list(
            "area_kind", "area_code", "force__police_uk_id", "year", "population", "source"
        )
    )
    assert areas == sorted(
        [
            (AreaKind.DISTRICT, "E07000081", "gloucestershire", 2021, 132_400,
             "population template populations.csv"),
            (AreaKind.GROUP, "gloucestershire", "gloucestershire", 2019, 7_354_750,
             "Sum of the group's mid-2019 figures"),
        ]
    )  # fmt: skip
    aggregates.run(paths=[path], actor=analyst)
    assert AreaPopulation.objects.count() == 2
    assert ForcePopulation.objects.get(pk=force.pk).population == 637_070


def test_a_population_template_without_source_and_from_xlsx(
    reference: None, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Area", "Year", "Population"])
    sheet.append(["E07000082", 2021, 121_000])
    sheet.append(["E07000083", 2021.0, "96,000"])
    path = tmp_path / "districts.xlsx"
    workbook.save(path)
    aggregates.run(paths=[path], actor=None)
    assert sorted(AreaPopulation.objects.values_list("area_code", "population", "source")) == [
        ("E07000082", 121_000, "population template districts.xlsx"),
        ("E07000083", 96_000, "population template districts.xlsx"),
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("area", "atlantis", "not a police.uk force id"),
        ("year", "19", "not a year between 1990 and 2100"),
        ("year", "2019.5", "not a whole number"),
        ("population", "0", "not a positive population"),
        ("population", "-5", "not a whole number"),
        ("population", "", "missing"),
        ("population", "1.5", "not a whole number"),
        ("source", "x" * 501, "longer than 500 characters"),
    ],
)
def test_bad_population_values_name_file_line_and_field(
    reference: None, tmp_path: Path, column: str, value: str, message: str
) -> None:
    rows = [list(row) for row in POPULATION_ROWS]
    rows[1][POPULATION_HEADER.index(column)] = value
    path = write_csv(tmp_path / "populations.csv", POPULATION_HEADER, rows)
    with pytest.raises(ImportFileError) as caught:
        aggregates.run(paths=[path], actor=None)
    assert (caught.value.line, caught.value.field_name) == (3, column)
    assert message in str(caught.value)
    assert not AreaPopulation.objects.exists()
    assert not ForcePopulation.objects.filter(source="ONS mid-2019").exists()


def test_duplicate_population_keys_name_both_lines(reference: None, tmp_path: Path) -> None:
    rows = [*POPULATION_ROWS, ["gloucestershire", "2019", "637071", "again"]]
    path = write_csv(tmp_path / "populations.csv", POPULATION_HEADER, rows)
    with pytest.raises(ImportFileError, match="line 5: the same area and year as line 2"):
        aggregates.run(paths=[path], actor=None)


def test_parse_value_holds_decimals_exactly() -> None:
    assert aggregates.parse_value("0.1") == Decimal("0.1")
    assert aggregates.parse_value(0.1) == Decimal("0.1")
    assert aggregates.parse_value("1,234,567.5") == Decimal("1234567.5")
    assert aggregates.parse_value(7) == Decimal(7)
    assert aggregates.parse_value("000.000001") == Decimal("0.000001")


def test_the_command_imports_and_reports(reference: None, tmp_path: Path) -> None:
    figures = write_csv(tmp_path / "figures.csv", AGGREGATE_HEADER, AGGREGATE_ROWS)
    populations = write_csv(tmp_path / "populations.csv", POPULATION_HEADER, POPULATION_ROWS)
    out = io.StringIO()
    call_command("import_aggregates", str(figures), str(populations), stdout=out)
    text = out.getvalue()
    assert "8 rows read, 8 loaded, 0 rejected, 0 skipped, from 2 files" in text
    assert f"{figures} (aggregates template): 5 read, 5 loaded, 0 rejected" in text
    assert f"{populations} (populations template): 3 read, 3 loaded, 0 rejected" in text
    bad = write_csv(tmp_path / "bad.csv", AGGREGATE_HEADER, [["x", "msg", "2019", "2019", "1"]])
    with pytest.raises(CommandError, match="line 2, field 'period_start'"):
        call_command("import_aggregates", str(bad), stdout=io.StringIO())
    with pytest.raises(CommandError, match=re.escape("--force atlantis: not a police.uk")):
        call_command("import_aggregates", str(figures), "--force", "atlantis")


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("measure,area,period_start,period_end,value\n", "line 2: the file holds no rows, only a"),
        (
            "measure,area,period_start,period_end,value\nhomicide,glouces\0tershire,2019-01\n",
            "line 2: a NUL byte",
        ),
        (
            'measure,area,period_start,period_end,value\nhomicide,gloucestershire,2019-01,2019-12,"4',
            "line 2: not a well-formed CSV file",
        ),
    ],
    ids=["header only", "NUL byte", "cut inside a quoted value"],
)
def test_an_empty_or_broken_csv_is_an_error_never_a_success(
    reference: None, tmp_path: Path, content: str, error: str
) -> None:
    write_csv(tmp_path / "old.csv", AGGREGATE_HEADER, AGGREGATE_ROWS[:1])
    aggregates.run(paths=[tmp_path / "old.csv"])
    before = stored()
    path = tmp_path / "figures.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=f"figures.csv, {error}"):
        aggregates.run(paths=[path], skip_bad_rows=True)
    assert stored() == before
    assert ImportRun.objects.filter(status=ImportStatus.FAILED).count() == 1


def test_a_file_whose_every_row_is_rejected_is_an_error(reference: None, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "figures.csv",
        AGGREGATE_HEADER,
        [["homicide", "atlantis", "2019-01", "2019-12", "4"]] * 3,
    )
    with pytest.raises(ImportFileError, match=r"none of its 3 rows is valid: .*'atlantis'"):
        aggregates.run(paths=[path], skip_bad_rows=True)
    assert not AggregateValue.objects.exists()


def test_an_xlsx_that_unpacks_past_the_limits_is_refused_unread(
    reference: None, tmp_path: Path
) -> None:
    """An XLSX file is a zip archive: a sheet of 200 MB of blank rows compressed a thousand
    times over is refused from the archive's directory, before openpyxl reads it."""
    import zipfile

    path = tmp_path / "figures.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [AGGREGATE_HEADER, *AGGREGATE_ROWS]:
        sheet.append(row)
    workbook.save(path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as bundle,
        bundle.open("xl/worksheets/padding.xml", "w") as padding,
    ):
        for _ in range(200):
            padding.write(b" " * (1 << 20))
    with pytest.raises(
        ImportFileError, match=r"figures\.xlsx:xl/worksheets/padding\.xml: it would unpack to"
    ):
        aggregates.run(paths=[path])
    assert not AggregateValue.objects.exists()


def test_upload_names_are_used_in_messages_and_the_file_list(
    reference: None, tmp_path: Path
) -> None:
    saved = write_csv(
        tmp_path / "saved.csv",
        AGGREGATE_HEADER,
        [["homicide", "atlantis", "2019-01", "2019-12", "4"]],
    )
    with pytest.raises(ImportFileError, match=r"^my figures\.csv, line 2, field 'area'"):
        aggregates.run(paths=[saved], names=["my figures.csv"])
    run = ImportRun.objects.get()
    assert [f["name"] for f in run.files] == ["my figures.csv"]
    assert str(tmp_path) not in run.message


def test_an_uploaded_population_file_is_named_as_uploaded_in_its_sources(
    reference: None, tmp_path: Path
) -> None:
    saved = write_csv(
        tmp_path / "saved.csv", ["area", "year", "population"], [["E07000081", "2021", "132400"]]
    )
    aggregates.run(paths=[saved], names=["districts 2021.csv"])
    assert AreaPopulation.objects.get().source == "population template districts 2021.csv"
