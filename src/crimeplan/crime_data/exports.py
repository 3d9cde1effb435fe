"""Tables as CSV, JSON or XLSX bytes, for the command line and for downloads alike."""

import csv
import io
import json
from typing import Any

import xlsxwriter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_bytes(
    rows: list[dict[str, Any]], columns: list[str], file_format: str, *, title: str = "data"
) -> bytes:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    if file_format == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=1).encode("utf-8")
    if file_format == "xlsx":
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(title[:31])
        bold = workbook.add_format({"bold": True})
        for col, name in enumerate(columns):
            sheet.write(0, col, name, bold)
        for row_number, row in enumerate(rows, start=1):
            for col, name in enumerate(columns):
                sheet.write(row_number, col, row.get(name))
        workbook.close()
        return output.getvalue()
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {file_format!r}")
