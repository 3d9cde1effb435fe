"""The performance table written out: CSV, JSON, XLSX, ODS, HTML and PDF, all from
`MeasureRow.printed()`, so every format shows the same figures."""

import csv
import io
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table as OdsTable
from odf.table import TableCell, TableRow
from odf.text import P

from .engine import CSV_COLUMNS, MeasureRow, Table

FORMATS = ("csv", "json", "xlsx", "ods", "html", "pdf")
BINARY_FORMATS = {"xlsx", "ods", "pdf"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def table_rows(table: Table) -> list[dict[str, str]]:
    return [row.printed() for row in table.rows]


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table_rows(table))
    return buffer.getvalue()


def _row_json(row: MeasureRow) -> dict[str, Any]:
    test = row.test
    standing = row.standing
    return {
        "id": row.measure.id,
        **row.printed(),
        "group_basis": row.group_basis,
        "test": {
            "method": test.method,
            "p_value": test.p_value,
            "estimate": test.estimate,
            "interval_95": [test.low, test.high] if test.low is not None else None,
        },
        "rank": standing.rank if standing else None,
        "rank_of": standing.of if standing else None,
        "outlier": standing.outlier.value if standing and standing.outlier else None,
    }


def to_json(table: Table) -> dict[str, Any]:
    framework = table.framework
    return {
        "framework": framework.name,
        "force": table.force,
        "periods": {
            p.name: {
                "label": p.label,
                "start": f"{p.start:%Y-%m}",
                "end": f"{p.end:%Y-%m}",
                "population_year": p.population_year,
            }
            for p in framework.periods
        },
        "notes": list(table.notes),
        "measures": [_row_json(row) for row in table.rows],
    }


def to_xlsx(table: Table) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Performance")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, CSV_COLUMNS, bold)
    for r, printed in enumerate(table_rows(table), start=1):
        for c, column in enumerate(CSV_COLUMNS):
            _xlsx_cell(sheet, r, c, printed[column])
    notes = workbook.add_worksheet("Notes")
    notes.write(0, 0, table.framework.name, bold)
    for r, note in enumerate(table.notes, start=1):
        notes.write(r, 0, note)
    workbook.close()
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, row: int, column: int, text: str) -> None:
    # Figures go in as text, exactly as printed: a number cell would show Excel's rounding.
    sheet.write_string(row, column, text)


def to_ods(table: Table) -> bytes:
    document = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="Performance")
    for values in [list(CSV_COLUMNS), *([r[c] for c in CSV_COLUMNS] for r in table_rows(table))]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def to_html(
    table: Table, *, title: str = "", draft: bool = False, comments: dict[str, str] | None = None
) -> str:
    comments = comments or {}
    return render_to_string(
        "performance/table_document.html",
        {
            "table": table,
            "rows": table.rows,
            "title": title or table.framework.name,
            "draft": draft,
            "comments": [
                (row.measure.name, comments[row.measure.id])
                for row in table.rows
                if comments.get(row.measure.id)
            ],
        },
    )


def to_pdf(
    table: Table, *, title: str = "", draft: bool = False, comments: dict[str, str] | None = None
) -> bytes:
    from weasyprint import HTML  # imported here: it loads system libraries

    html = to_html(table, title=title, draft=draft, comments=comments)
    return HTML(string=html).write_pdf()
