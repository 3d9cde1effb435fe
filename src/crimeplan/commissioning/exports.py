"""Commissioning tables as CSV, XLSX or ODS bytes (downloads and the command line alike)."""

import io
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from crimeplan.crime_data.exports import table_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _ods_bytes(rows: list[dict[str, Any]], columns: list[str], title: str) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name=title[:31])
    for values in [dict(zip(columns, columns, strict=True)), *rows]:
        row = TableRow()
        for column in columns:
            value = values.get(column)
            if isinstance(value, int) and not isinstance(value, bool):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def export_bytes(
    rows: list[dict[str, Any]], columns: list[str], file_format: str, *, title: str
) -> bytes:
    if file_format == "ods":
        return _ods_bytes(rows, columns, title)
    if file_format in FORMATS:
        return table_bytes(rows, columns, file_format, title=title)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {file_format!r}")
