"""The performance table written out: CSV, JSON, XLSX, ODS, HTML and PDF, all from
`MeasureRow.printed()`, so every format shows the same figures."""

from typing import Any

from django.template.loader import render_to_string

from crimeplan.core import exports

from .engine import CSV_COLUMNS, EXTRA_COLUMNS, MeasureRow, Table

FORMATS = ("csv", "json", "xlsx", "ods", "html", "pdf")
BINARY_FORMATS = {"xlsx", "ods", "pdf"}
CONTENT_TYPES = {f: exports.CONTENT_TYPES[f] for f in FORMATS}


def table_columns(table: Table) -> tuple[str, ...]:
    """CSV_COLUMNS, then the EXTRA_COLUMNS that any row fills (shares, targets, ranks,
    comparators, period notes, reasons a change is not tested)."""
    extras = [row.printed_extra() for row in table.rows]
    return CSV_COLUMNS + tuple(c for c in EXTRA_COLUMNS if any(e[c] for e in extras))


def table_rows(table: Table) -> list[dict[str, str]]:
    return [row.printed() | row.printed_extra() for row in table.rows]


def _printed_rows(table: Table) -> list[list[str]]:
    columns = table_columns(table)
    return [[printed[c] for c in columns] for printed in table_rows(table)]


def to_csv(table: Table, about: exports.About | None = None) -> str:
    if about is not None:
        return exports.csv_string(
            *exports.with_about_columns(table_columns(table), _printed_rows(table), about)
        )
    return exports.csv_string(table_columns(table), _printed_rows(table))


def _row_json(row: MeasureRow) -> dict[str, Any]:
    test = row.test
    standing = row.standing
    return {
        "id": row.measure.id,
        "kind": row.measure.kind.value,
        **row.printed(),
        **{k: v for k, v in row.printed_extra().items() if v},
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


def _sheets(table: Table, about: exports.About | None = None) -> list[exports.Sheet]:
    # Figures go in as text, exactly as printed: a number cell would show Excel's rounding.
    return [
        exports.Sheet("Performance", table_columns(table), _printed_rows(table)),
        exports.Sheet("Notes", [table.framework.name], [[note] for note in table.notes]),
        *([about.sheet()] if about else []),
    ]


def to_xlsx(table: Table, about: exports.About | None = None) -> bytes:
    return exports.xlsx_bytes(_sheets(table, about))


def to_ods(table: Table, about: exports.About | None = None) -> bytes:
    return exports.ods_bytes([sheet for sheet in _sheets(table, about) if sheet.title != "Notes"])


def to_html(
    table: Table,
    *,
    title: str = "",
    draft: bool = False,
    comments: dict[str, str] | None = None,
    about: exports.About | None = None,
) -> str:
    comments = comments or {}
    return render_to_string(
        "performance/table_document.html",
        {
            "table": table,
            "rows": table.rows,
            "title": title or table.framework.name,
            "draft": draft,
            "about": about,
            "comments": [
                (row.measure.name, comments[row.measure.id])
                for row in table.rows
                if comments.get(row.measure.id)
            ],
        },
    )


def to_pdf(
    table: Table,
    *,
    title: str = "",
    draft: bool = False,
    comments: dict[str, str] | None = None,
    about: exports.About | None = None,
) -> bytes:
    from weasyprint import HTML  # imported here: it loads system libraries

    html = to_html(table, title=title, draft=draft, comments=comments, about=about)
    return HTML(string=html).write_pdf()
