"""What every importer shares: the one error's message, and rejected rows and their file."""

import csv

import pytest

from crimeplan.crime_data import policeuk
from crimeplan.crime_data.constants import ImportKind
from crimeplan.crime_data.importing import (
    REJECTED_ROWS_HEADER,
    ImportFileError,
    RejectedRows,
    import_run_start,
    rejected_rows_path,
)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ({}, "jan.csv: file not found"),
        ({"line": 3}, "jan.csv, line 3: file not found"),
        ({"line": 3, "field_name": "Month"}, "jan.csv, line 3, field 'Month': file not found"),
        ({"field_name": "Month"}, "jan.csv, field 'Month': file not found"),
        ({"line": 2, "line_label": "record"}, "jan.csv, record 2: file not found"),
        ({"line": 5, "line_label": "row"}, "jan.csv, row 5: file not found"),
    ],
)
def test_the_error_names_the_file_line_and_field(where: dict, message: str) -> None:  # type: ignore[type-arg]
    error = ImportFileError("jan.csv", "file not found", **where)
    assert str(error) == message
    assert (error.file, error.detail) == ("jan.csv", "file not found")
    assert (error.line, error.field_name) == (where.get("line"), where.get("field_name"))


def test_every_importer_raises_the_same_error() -> None:
    """police.uk's former name for it is the same class."""
    assert policeuk.PoliceUkImportError is ImportFileError is policeuk.ImportFileError


@pytest.mark.django_db
def test_rejected_rows_are_written_beside_the_import_record() -> None:
    run = import_run_start(kind=ImportKind.RECORDED_CRIME, actor=None, skip_bad_rows=True)
    rejected = RejectedRows()
    rejected.add(ImportFileError("prc.csv", "missing", line=4, field_name="Force_Name"), [1, None])
    rejected.add(ImportFileError("prc.csv", "3 fields where the header has 8", line=7), ["a"])
    assert rejected.summary() == (
        "2 rows rejected ((whole line): 1; Force_Name: 1). "
        "prc.csv, line 4, field 'Force_Name': missing | "
        "prc.csv, line 7: 3 fields where the header has 8"
    )
    path = rejected.write(run)
    assert path == str(rejected_rows_path(run))
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            REJECTED_ROWS_HEADER,
            ["prc.csv", "4", "Force_Name", "missing", "1,"],
            ["prc.csv", "7", "", "3 fields where the header has 8", "a"],
        ]
