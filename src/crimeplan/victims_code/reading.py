"""Reading an agency's compliance return (the CSV or XLSX template) and checking returned
lines, whether uploaded or typed in: every problem is named by file, line (or sheet row) and
field, and the caller stores nothing when there is one. No database here: the service checks
the agency and saves (`services.return_upload`)."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .constants import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARACTERS,
    MAX_LINES,
    NOTE_MAX_LENGTH,
    REQUIRED_COLUMNS,
    VictimsRight,
    period_label,
    quarter_end,
    quarter_start,
)

MAX_COUNT = 10_000_000
MAX_PROBLEMS = 20
WHOLE_NUMBER = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)$")
YEAR = re.compile(r"^(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?$")
QUARTER = re.compile(r"^q?\s*(\d+)$", re.IGNORECASE)
# A right written as its code ("r01"), its number ("1", "01") or its label, with or without
# the number in front ("To make a complaint").
_RIGHTS: dict[str, str] = {}
for _code, _label in VictimsRight.choices:
    _number = str(int(_code[1:]))
    _RIGHTS.update({_code: _code, _number: _code, _number.zfill(2): _code})
    _RIGHTS[_label.lower()] = _code
    _RIGHTS[_label.split(". ", 1)[1].lower()] = _code


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    field: str | None = None
    line_label: str = "line"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {self.line_label} {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class ReturnError(Exception):
    """Bad input: one or more problems, each naming file, line and field. Nothing is stored."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Line:
    line: int
    right: str
    eligible: int
    complied: int
    note: str = ""


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int


@dataclass(frozen=True)
class ReadReturn:
    agency: str
    period: Period
    lines: list[Line]


# -- values --------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_right(value: object) -> str:
    text = " ".join(_text(value).split()).lower()
    if not text:
        raise ValueError("missing: give the right's code (r01 to r12), number or name")
    code = _RIGHTS.get(text)
    if code is None:
        raise ValueError(f"{_text(value)[:60]!r} is not one of the Code's 12 rights (r01 to r12)")
    return code


def parse_count(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("give a whole number of victims")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value} is not a whole number")
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not text:
            raise ValueError("missing: give a whole number of victims (0 if none)")
        if text.startswith("-") and WHOLE_NUMBER.match(text[1:].strip()):
            raise ValueError(f"{text} is negative: counts are 0 or more")
        if not WHOLE_NUMBER.match(text):
            raise ValueError(f"{text[:40]!r} is not a whole number")
        number = int(text.replace(",", ""))
    if number < 0:
        raise ValueError(f"{number} is negative: counts are 0 or more")
    if number > MAX_COUNT:
        raise ValueError(f"{number:,} is more than {MAX_COUNT:,}: check the figure")
    return number


def parse_year(value: object) -> int:
    """2025, or 2025/26 (the financial year that starts in April 2025)."""
    text = _text(value)
    match = YEAR.match(text)
    if not match:
        raise ValueError(
            f"{text[:40]!r} is not a financial year (write 2025 or 2025/26)"
            if text
            else "missing: give the financial year (2025 or 2025/26)"
        )
    year = int(match.group(1))
    if match.group(2) and int(match.group(2)) % 100 != (year + 1) % 100:
        raise ValueError(f"{text!r} is not a financial year: the second year must follow the first")
    return year


def parse_quarter(value: object) -> int:
    text = _text(value)
    match = QUARTER.match(text)
    if not match or not 1 <= int(match.group(1)) <= 4:
        raise ValueError(
            f"{text[:40]!r} is not a quarter: give 1 to 4 (1 is April to June)"
            if text
            else "missing: give the quarter, 1 to 4 (1 is April to June)"
        )
    return int(match.group(1))


def period_problem(year: int, quarter: int, *, today: datetime.date, earliest: int) -> str:
    """Why a quarter cannot be returned (empty when it can): before the earliest year, or not
    yet ended."""
    if year < earliest:
        return f"{year} is before {earliest}/{(earliest + 1) % 100:02d}, the earliest year returned"
    if quarter_start(year, quarter) > today:
        return f"{period_label(year, quarter)} is in the future"
    if quarter_end(year, quarter) >= today:
        return f"{period_label(year, quarter)} has not ended yet: return a quarter once it ends"
    return ""


# -- lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawLine:
    """A line as typed: the right and the counts before they are checked."""

    line: int
    right: object
    eligible: object
    complied: object
    note: object = ""


def check_lines(
    raw: Sequence[RawLine], *, file: str, line_label: str = "line"
) -> tuple[list[Line], list[Problem]]:
    """The lines checked one field at a time: known right, once each, whole counts of 0 or
    more, complied no more than eligible, a note no longer than the limit."""
    lines: list[Line] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}

    def problem(line: int, field: str, message: str) -> None:
        problems.append(Problem(file, message, line, field, line_label))

    for row in raw:
        values: dict[str, Any] = {}
        for field, parse, value in (
            ("right", parse_right, row.right),
            ("eligible", parse_count, row.eligible),
            ("complied", parse_count, row.complied),
        ):
            try:
                values[field] = parse(value)
            except ValueError as error:
                problem(row.line, field, str(error))
        note = _text(row.note)
        if len(note) > NOTE_MAX_LENGTH:
            problem(row.line, "note", f"longer than {NOTE_MAX_LENGTH} characters")
        if len(values) < 3:
            continue
        if values["right"] in seen:
            problem(
                row.line,
                "right",
                f"{values['right']} is also on {line_label} {seen[values['right']]}: "
                "give each right once",
            )
            continue
        seen[values["right"]] = row.line
        if values["complied"] > values["eligible"]:
            problem(
                row.line,
                "complied",
                f"{values['complied']} complied is more than the {values['eligible']} eligible",
            )
            continue
        lines.append(Line(row.line, values["right"], values["eligible"], values["complied"], note))
    return lines, problems


# -- files ---------------------------------------------------------------------------------


def _csv_rows(name: str, content: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReturnError(
            [Problem(name, f"not UTF-8 text (byte {error.start}): save the CSV as UTF-8")]
        ) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            raise ReturnError(
                [Problem(name, f"longer than {MAX_LINE_CHARACTERS:,} characters", number)]
            )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, list(cells)
    except csv.Error as error:
        raise ReturnError(
            [Problem(name, f"not readable as CSV: {error}", reader.line_num)]
        ) from None


def _xlsx_rows(name: str, content: bytes) -> Iterator[tuple[int, list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ReturnError([Problem(name, f"not an XLSX workbook: {error}")]) from None
    number = 0
    try:
        if not workbook.worksheets:
            raise ReturnError([Problem(name, "the workbook has no worksheet")])
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
            values = [getattr(cell, "value", None) for cell in cells]
            if any(v is not None and _text(v) for v in values):
                yield number, values
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        # A workbook that opens but whose sheet is damaged (its XML cut short raises the XML
        # parser's ParseError, a SyntaxError): named, not a server error.
        where = f" after row {number}" if number else ""
        raise ReturnError([Problem(name, f"not readable{where}: {error}")]) from None
    finally:
        workbook.close()


def _rows(name: str, content: bytes) -> tuple[str, Iterator[tuple[int, list[object]]]]:
    lower = name.lower()
    if lower.endswith(".csv"):
        return "line", _csv_rows(name, content)
    if lower.endswith(".xlsx"):
        return "row", _xlsx_rows(name, content)
    raise ReturnError([Problem(name, "give a .csv or .xlsx file (the template's formats)")])


def _header(name: str, number: int, cells: list[object], label: str) -> dict[str, int]:
    names = [_text(c).lower().replace(" ", "_") for c in cells]
    problems = [
        Problem(
            name, f"unknown column {n!r}: the columns are {', '.join(COLUMNS)}", number, n, label
        )
        for n in names
        if n and n not in COLUMNS
    ]
    problems += [
        Problem(name, "missing column: download the template", number, column, label)
        for column in REQUIRED_COLUMNS
        if column not in names
    ]
    seen: set[str] = set()
    for n in names:
        if n in COLUMNS and n in seen:
            problems.append(Problem(name, "column given twice: keep one", number, n, label))
        seen.add(n)
    if problems:
        raise ReturnError(problems)
    return {n: i for i, n in enumerate(names) if n}


def _cell_problem(value: object) -> str:
    text = value if isinstance(value, str) else ""
    if text.startswith("="):
        return "a formula: type the figure itself, not a formula"
    if isinstance(value, datetime.date | datetime.time):
        return "a date: type the figure as a number or text"
    return ""


def _body_line(
    name: str,
    number: int,
    cell: dict[str, object],
    label: str,
    *,
    today: datetime.date,
    earliest_year: int,
) -> tuple[RawLine | None, str, Period | None, list[Problem]]:
    """One line's raw values (None when a cell holds a formula or date), agency and quarter
    (None when they are wrong), and the problems with the agency and quarter."""
    bad = [
        Problem(name, why, number, c, label) for c, v in cell.items() if (why := _cell_problem(v))
    ]
    if bad:
        return None, "", None, bad
    raw = RawLine(number, cell["right"], cell["eligible"], cell["complied"], cell.get("note"))
    problems = []
    agency = " ".join(_text(cell["agency"]).split())
    if not agency:
        problems.append(Problem(name, "missing: give your agency's name", number, "agency", label))
    try:
        year = parse_year(cell["year"])
        quarter = parse_quarter(cell["quarter"])
    except ValueError as error:
        field = "year" if "year" in str(error) else "quarter"
        return raw, agency, None, [*problems, Problem(name, str(error), number, field, label)]
    if why := period_problem(year, quarter, today=today, earliest=earliest_year):
        problems.append(Problem(name, why, number, "year", label))
    return raw, agency, Period(year, quarter), problems


def _one_agency_and_quarter(
    name: str, label: str, found: list[tuple[int, str, Period]]
) -> list[Problem]:
    """A problem for each line whose agency or quarter differs from the first line's."""
    first_line, first_agency, first_period = found[0]
    problems = []
    for number, agency, period in found[1:]:
        if agency.lower() != first_agency.lower():
            field, what = "agency", f"agency {agency[:60]!r}"
        elif period != first_period:
            field, what = "quarter", period_label(period.year, period.quarter)
        else:
            continue
        problems.append(
            Problem(
                name,
                f"a return is for one agency and one quarter: {what} differs from "
                f"{label} {first_line}'s",
                number,
                field,
                label,
            )
        )
    return problems


def _oversize(name: str, content: bytes) -> ReturnError:
    """A file over the limit: named by its first over-long line if it has one (a CSV), else by
    its size."""
    if name.lower().endswith(".csv"):
        for number, line in enumerate(content[:MAX_FILE_BYTES].split(b"\n"), start=1):
            if len(line) > MAX_LINE_CHARACTERS:
                return ReturnError(
                    [Problem(name, f"longer than {MAX_LINE_CHARACTERS:,} characters", number)]
                )
    return ReturnError([Problem(name, f"larger than {MAX_FILE_BYTES // 1000:,} KB")])


def _records(name: str, content: bytes) -> tuple[str, list[tuple[int, list[object]]]]:
    """Checks the file as a whole, then its records: header first."""
    if not content.strip():
        raise ReturnError([Problem(name, "the file is empty: download the template")])
    if len(content) > MAX_FILE_BYTES:
        raise _oversize(name, content)
    label, rows = _rows(name, content)
    records = list(rows)
    if not records:
        raise ReturnError([Problem(name, "the file is empty: download the template")])
    if len(records) == 1:
        raise ReturnError([Problem(name, "no lines after the header: give one line per right")])
    if len(records) > MAX_LINES + 1:
        raise ReturnError([Problem(name, f"more than {MAX_LINES} lines: one line per right")])
    return label, records


def read_return(
    *, name: str, content: bytes, today: datetime.date, earliest_year: int
) -> ReadReturn:
    """The file's agency, quarter and lines; `ReturnError` naming every problem found."""
    label, records = _records(name, content)
    header_line, header_cells = records[0]
    columns = _header(name, header_line, header_cells, label)
    problems: list[Problem] = []
    raw: list[RawLine] = []
    found: list[tuple[int, str, Period]] = []
    for number, cells in records[1:]:
        cell = {c: (cells[i] if i < len(cells) else None) for c, i in columns.items()}
        line, agency, period, wrong = _body_line(
            name, number, cell, label, today=today, earliest_year=earliest_year
        )
        problems += wrong
        if line is not None:
            raw.append(line)
        if period is not None and agency:
            found.append((number, agency, period))
    lines, line_problems = check_lines(raw, file=name, line_label=label)
    problems += line_problems
    if found:
        problems += _one_agency_and_quarter(name, label, found)
    if problems or not found:
        order = {column: i for i, column in enumerate(COLUMNS)}
        problems.sort(key=lambda p: (p.line or 0, order.get(p.field or "", 0)))
        raise ReturnError(problems[:MAX_PROBLEMS])
    return ReadReturn(found[0][1], found[0][2], lines)
