"""Reading the ONS table's file: every sheet of an XLSX or ODS workbook, or a CSV file as one
sheet, as rows of cells, and the error that names the file, sheet, row and column."""

import csv
import datetime
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from crimeplan.crime_data.contracts import archive_problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm"}

Cell = str | int | float | datetime.date | None


class AsbFileError(Exception):
    """A file the loader cannot take: names the file and, where it can, the sheet, the sheet
    row and the column."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        where = [file]
        if sheet:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column}")
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        super().__init__(", ".join(where) + f": {message}")


# -- reading sheets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None for a CSV file
    rows: list[tuple[int, list[Cell]]]  # (sheet row number, cells), every row up to the last

    @classmethod
    def of(cls, name: str | None, rows: list[tuple[int, list[Cell]]]) -> "Sheet":
        """The sheet without the blank rows after its last filled one."""
        while rows and all(c is None or not str(c).strip() for c in rows[-1][1]):
            rows = rows[:-1]
        return cls(name, rows)


def _read_xlsx(path: Path, name: str) -> list[Sheet]:
    try:
        with zipfile.ZipFile(path) as bundle:
            members = bundle.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise AsbFileError(name, f"not an XLSX workbook: {error}") from None
    if problem := archive_problem(members, members):
        raise AsbFileError(name, problem[1])
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise AsbFileError(name, f"not an XLSX workbook: {error}") from None
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # stored dimensions can be stale
            rows = [
                (number, list(values))
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            ]
            sheets.append(Sheet.of(worksheet.title, rows))
        return sheets
    finally:
        workbook.close()


def _ods_cell(cell: Any) -> Cell:
    from odf import teletype
    from odf.namespaces import OFFICENS

    kind = cell.attributes.get((OFFICENS, "value-type"))
    if kind in {"float", "percentage", "currency"}:
        value = float(cell.attributes[(OFFICENS, "value")])
        return int(value) if value.is_integer() else value
    text = teletype.extractText(cell)
    return text if text.strip() else None


def _read_ods(path: Path, name: str) -> list[Sheet]:
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    try:
        document = load(str(path))
    except Exception as error:  # odfpy raises whatever its XML and zip readers raise
        raise AsbFileError(name, f"not an ODS spreadsheet: {error}") from None
    sheets = []
    for table in document.spreadsheet.getElementsByType(Table):
        rows: list[tuple[int, list[Cell]]] = []
        number = 0
        for row in table.getElementsByType(TableRow):
            repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), 1))
            cells: list[Cell] = []
            for cell in row.getElementsByType(TableCell):
                times = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
                value = _ods_cell(cell)
                # Spreadsheets pad rows with thousands of repeated blank cells: keep one.
                cells.extend([value] * (times if value is not None else 1))
            blank = all(value is None for value in cells)
            # A run of blank rows is kept short (its rows count still); trailing ones go.
            for offset in range(min(repeat, 100) if blank else repeat):
                rows.append((number + offset + 1, list(cells)))
            number += repeat
        sheets.append(Sheet.of(str(table.getAttribute("name")), rows))
    return sheets


def _read_csv(path: Path, name: str) -> list[Sheet]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows: list[tuple[int, list[Cell]]] = [
                (number, [cell if cell.strip() else None for cell in record])
                for number, record in enumerate(csv.reader(handle), start=1)
            ]
    except (UnicodeDecodeError, csv.Error) as error:
        raise AsbFileError(name, f"not a UTF-8 CSV file: {error}") from None
    return [Sheet.of(None, rows)]


def read_sheets(path: Path, name: str | None = None) -> list[Sheet]:
    """Every sheet of an XLSX or ODS workbook, or a CSV file as one sheet."""
    name = name or path.name
    if not path.is_file():
        raise AsbFileError(name, "file not found")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_xlsx(path, name)
    if suffix == ".ods":
        return _read_ods(path, name)
    if suffix == ".csv":
        return _read_csv(path, name)
    raise AsbFileError(name, "give an .xlsx, .ods or .csv file (save older .xls files as .xlsx)")
