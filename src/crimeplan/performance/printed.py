"""A performance table printed in an earlier publication, read from its CSV (the layout of
`shared/fixtures/performance/crime_measures_2019_vs_sep2023.csv`), each figure kept exactly as
published. Pure: a file in, rows out, or an error naming the file, row and field.

The rows are kept as a `models.PrintedTable` (`services.printed_table_load`) and printed by
`contracts.printed_report_table`, which reads them by these column names."""

import csv
import io
import re
from pathlib import Path

COLUMNS = [
    "measure", "aim", "force_count_baseline", "msg_count_baseline", "force_count_current",
    "msg_count_current", "force_rate_baseline", "msg_rate_baseline", "force_rate_current",
    "msg_rate_current", "force_pct_change", "msg_pct_change", "aim_achieved", "priorities",
]  # fmt: skip
COUNT_COLUMNS = COLUMNS[2:6]
FIGURE_COLUMNS = COLUMNS[6:12]
COUNT = re.compile(r"^\d+$")
FIGURE = re.compile(r"^-?\d+(\.\d+)?$")


class PrintedTableFileError(Exception):
    def __init__(self, *, file: str, row: int, field: str, message: str) -> None:
        super().__init__(f"{file}: row {row}: {field}: {message}")


def _problem(row: dict[str | None, object], values: dict[str, str]) -> tuple[str, str] | None:
    """The first problem of a row as (field, message), or None."""
    if None in row:
        return "", f"has more fields than the header's {len(COLUMNS)}"
    if any(row.get(name) is None for name in COLUMNS):
        return "", f"has fewer fields than the header's {len(COLUMNS)}"
    return _value_problem(values)


def _value_problem(values: dict[str, str]) -> tuple[str, str] | None:
    if not values["measure"]:
        return "measure", "is required"
    if values["aim"] not in {"Reduce", "Increase"}:
        return "aim", f"must be Reduce or Increase, not {values['aim']!r}"
    for name in COUNT_COLUMNS:
        if not COUNT.match(values[name]):
            return name, f"must be a whole number, not {values[name]!r}"
    for name in FIGURE_COLUMNS:
        if not FIGURE.match(values[name]):
            return name, f"must be a number, not {values[name]!r}"
    if values["aim_achieved"] not in {"Yes", "No"}:
        return "aim_achieved", f"must be Yes or No, not {values['aim_achieved']!r}"
    if not values["priorities"].split():
        return "priorities", "names no priority"
    return None


def _check_row(file: str, number: int, row: dict[str | None, object]) -> dict[str, object]:
    values = {name: str(row.get(name) or "").strip() for name in COLUMNS}
    problem = _problem(row, values)
    if problem:
        raise PrintedTableFileError(file=file, row=number, field=problem[0], message=problem[1])
    return {**values, "priorities": values["priorities"].split()}


def read_printed_table(content: bytes, *, file: str) -> list[dict[str, object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PrintedTableFileError(
            file=file, row=1, field="", message="is not UTF-8 text"
        ) from error
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PrintedTableFileError(
            file=file, row=1, field=missing[0], message="column is missing from the header"
        )
    return [_check_row(file, number, row) for number, row in enumerate(reader, start=2)]


def read_printed_table_file(path: Path) -> list[dict[str, object]]:
    return read_printed_table(path.read_bytes(), file=path.name)
