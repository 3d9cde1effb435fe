"""Reading the aggregated-data and population templates (CSV or XLSX): cells, values checked
one by one, the areas they name, and each file's rows, with every bad row named by file, line
(or sheet row) and field. Nothing here writes to the database (`aggregates.run` saves)."""

import datetime
import enum
import math
import re
import zipfile
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from crimeplan.geography.models import ComparisonGroup, District, Force

from ..constants import AreaKind
from ..files import archive_problem
from ..importing import (
    ImportFileError,
    RejectedRows,
    csv_records,
    refuse_empty,
)

AGGREGATE_COLUMNS = ("measure", "area", "period_start", "period_end", "value")
POPULATION_COLUMNS = ("area", "year", "population")
POPULATION_OPTIONAL_COLUMNS = ("source",)
GROUP_AREA = "msg"
REGION_AREA = "region"
NATIONAL_AREA = "england-and-wales"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DECIMAL_TEXT = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
WHOLE_NUMBER = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)$")
NOT_FINITE = {"nan", "snan", "inf", "infinity"}
# AggregateValue.value is DECIMAL(18, 6): 12 digits before the point and 6 after.
MAX_DECIMAL_PLACES = 6
MAX_INTEGER_DIGITS = 12
MAX_POPULATION = 2_147_483_647
YEARS = (1990, 2100)  # as ForcePopulation allows: catches typed years such as 0223
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class Template(enum.StrEnum):
    AGGREGATES = "aggregates"
    POPULATIONS = "populations"


@dataclass(frozen=True)
class PercentCell:
    """A number Excel shows as a percentage, which it holds as a fraction (45% as 0.45)."""

    value: float


Cell = str | int | float | bool | datetime.datetime | datetime.date | datetime.time | PercentCell
Record = tuple[int, list[Cell | None]]


@dataclass(frozen=True)
class Area:
    kind: AreaKind
    code: str  # as stored: a force id, a district code, or for msg the force whose group it is
    force: Force


@dataclass(frozen=True)
class AggregateRow:
    line: int
    measure: str
    area: Area
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal


@dataclass(frozen=True)
class PopulationRow:
    line: int
    area: Area
    year: int
    population: int
    source: str


@dataclass
class FileContents:
    name: str
    template: Template
    line_label: str
    rows_read: int = 0
    rows_rejected: int = 0
    aggregates: list[AggregateRow] = field(default_factory=list)
    populations: list[PopulationRow] = field(default_factory=list)


# -- reading cells -------------------------------------------------------------------------


def _csv_records(path: Path, name: str) -> Generator[Record]:
    for line, cells in csv_records(path, name=name):
        yield line, list(cells)


def _xlsx_records(path: Path, name: str) -> Generator[Record]:
    """(row number, values) for the first sheet; blank rows left out."""
    try:
        with zipfile.ZipFile(path) as bundle:
            members = bundle.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(name, f"not an XLSX workbook: {error}") from None
    # A workbook is a zip of XML: held to the same limits as an archive of CSV files.
    if problem := archive_problem(members, members):
        member, message = problem
        raise ImportFileError(f"{name}:{member}" if member else name, message)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ImportFileError(name, f"not an XLSX workbook: {error}") from None
    try:
        sheet = workbook.worksheets[0]
        # A workbook's stored dimensions can be stale; without them every row is read.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
            values = [_xlsx_value(cell) for cell in cells]
            if any(v is not None and str(v).strip() for v in values):
                yield number, values
    finally:
        workbook.close()


def _xlsx_value(cell: Any) -> Cell | None:
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if "%" in str(getattr(cell, "number_format", "") or ""):
        return PercentCell(float(value))
    return value


def _records(path: Path, name: str) -> tuple[str, Generator[Record]]:
    """How rows are named in messages ("line" or "row") and the file's records."""
    if not path.is_file():
        raise ImportFileError(name, "file not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "line", _csv_records(path, name)
    if suffix in XLSX_SUFFIXES:
        return "row", _xlsx_records(path, name)
    raise ImportFileError(name, "give a .csv or .xlsx file (save older .xls files as .xlsx)")


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.date | datetime.time | PercentCell):
        raise ValueError("a date or percentage where text was expected")
    return str(cell).strip()


# -- checking values -------------------------------------------------------------------------


def parse_measure(cell: Cell | None) -> str:
    text = _text(cell)
    if not text:
        raise ValueError("missing")
    if not SLUG.match(text) or len(text) > 80:
        raise ValueError(
            f"{text!r} is not a measure slug (lowercase letters, digits and hyphens, "
            "e.g. stalking-and-harassment)"
        )
    return text


def parse_month(cell: Cell | None) -> datetime.date:
    """A month written YYYY-MM; a spreadsheet date on the 1st is taken as its month, because
    Excel turns "2023-09" typed into a cell into 1 September 2023."""
    if isinstance(cell, datetime.datetime | datetime.date):
        day = cell.date() if isinstance(cell, datetime.datetime) else cell
        if day.day != 1 or (isinstance(cell, datetime.datetime) and cell.time() != datetime.time()):
            raise ValueError(f"{day.isoformat()} is a date, not a month: write YYYY-MM as text")
        month = day
    else:
        text = _text(cell)
        match = MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"{text!r} is not a month written YYYY-MM" if text else "missing")
        month = datetime.date(int(match.group(1)), int(match.group(2)), 1)
    if not YEARS[0] <= month.year <= YEARS[1]:
        raise ValueError(f"{month.year} is not a year between {YEARS[0]} and {YEARS[1]}")
    return month


def _decimal_of(cell: Cell) -> Decimal:
    if isinstance(cell, PercentCell):
        raise ValueError(
            "the cell is formatted as a percentage, which Excel holds as a fraction (45% as "
            "0.45): format the column as a number and type 45"
        )
    if isinstance(cell, bool) or not isinstance(cell, int | float | str):
        raise ValueError(f"{cell!r} is not a number")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise ValueError("not a finite number")
        # repr gives the shortest decimal that is this float: what the spreadsheet showed,
        # not the float's binary expansion.
        return Decimal(repr(cell))
    text = cell.strip()
    if text.lower().lstrip("+-") in NOT_FINITE:
        raise ValueError(f"{text!r} is not a finite number")
    if text.startswith("-"):
        raise ValueError(f"{text} is negative: counts and percentages cannot be below zero")
    if text.endswith("%"):
        raise ValueError(f"{text!r}: write a percentage as a plain number, without %")
    if not DECIMAL_TEXT.match(text):
        raise ValueError(f"{text!r} is not a decimal number such as 1234 or 45.6")
    return Decimal(text.replace(",", ""))


def parse_value(cell: Cell | None) -> Decimal:
    """A non-negative decimal number held exactly (never a float); blank is not zero."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise ValueError("missing: write 0 if the figure is zero")
    value = _decimal_of(cell)
    if value.is_signed():
        raise ValueError(f"{value} is negative: counts and percentages cannot be below zero")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        raise ValueError(f"{value} has more than {MAX_DECIMAL_PLACES} decimal places: round it")
    if value.adjusted() + 1 > MAX_INTEGER_DIGITS:
        raise ValueError(f"{value} is too large (at most {MAX_INTEGER_DIGITS} digits)")
    return value


def _whole_number(cell: Cell | None) -> int:
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    text = _text(cell)
    if not WHOLE_NUMBER.match(text):
        raise ValueError(f"{text!r} is not a whole number" if text else "missing")
    return int(text.replace(",", ""))


def parse_year(cell: Cell | None) -> int:
    year = _whole_number(cell)
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"{year} is not a year between {YEARS[0]} and {YEARS[1]}")
    return year


def parse_population(cell: Cell | None) -> int:
    population = _whole_number(cell)
    if not 0 < population <= MAX_POPULATION:
        raise ValueError(f"{population:,} is not a positive population crimeplan can hold")
    return population


class AreaIndex:
    """Tells what an `area` cell names: a force, a loaded district, or the group (msg)."""

    def __init__(self, *, group_force_id: str) -> None:
        self.forces = {force.police_uk_id: force for force in Force.objects.all()}
        self.districts = {d.code: d for d in District.objects.select_related("force")}
        self.group_force_id = group_force_id
        self.group_force = self.forces.get(group_force_id)
        self.group_exists = ComparisonGroup.objects.filter(
            force__police_uk_id=group_force_id
        ).exists()

    def parse(self, cell: Cell | None) -> Area:
        text = _text(cell)
        if not text:
            raise ValueError("missing")
        if text.lower() == GROUP_AREA:
            return self._group()
        if text.lower() in (REGION_AREA, NATIONAL_AREA):
            return self._comparator(text.lower())
        if text.lower() in self.forces:
            force = self.forces[text.lower()]
            return Area(AreaKind.FORCE, force.police_uk_id, force)
        if text.upper() in self.districts:
            district = self.districts[text.upper()]
            return Area(AreaKind.DISTRICT, district.code, district.force)
        raise ValueError(
            f"{text!r} is not a police.uk force id, the code of a loaded district, or "
            f"{GROUP_AREA}, {REGION_AREA} or {NATIONAL_AREA}"
        )

    def _comparator(self, text: str) -> Area:
        if self.group_force is None:
            raise ValueError(
                f"{text} is read for force {self.group_force_id!r}, which is not a police.uk "
                "force id: set the force (--force or CRIMEPLAN_FORCE)"
            )
        if text == REGION_AREA:
            # Stored under the force's id, as msg is: the region is the force's region.
            return Area(AreaKind.REGION, self.group_force.police_uk_id, self.group_force)
        # One figure for England and Wales; the force is the one whose import loaded it.
        return Area(AreaKind.NATIONAL, NATIONAL_AREA, self.group_force)

    def _group(self) -> Area:
        if self.group_force is None or not self.group_exists:
            raise ValueError(
                f"{GROUP_AREA} stands for the comparison group of force {self.group_force_id!r}, "
                "which has none: set the force (--force or CRIMEPLAN_FORCE) or its group"
            )
        # The unique key has no force column, so the group is stored under its force's id:
        # two forces' group figures for one measure and period must not replace each other.
        return Area(AreaKind.GROUP, self.group_force.police_uk_id, self.group_force)


# -- reading a file --------------------------------------------------------------------------


def _template(name: str, header: list[str]) -> Template:
    named = {heading for heading in header if heading}
    if set(AGGREGATE_COLUMNS) <= named:
        template, allowed = Template.AGGREGATES, set(AGGREGATE_COLUMNS)
    elif set(POPULATION_COLUMNS) <= named:
        template = Template.POPULATIONS
        allowed = set(POPULATION_COLUMNS) | set(POPULATION_OPTIONAL_COLUMNS)
    else:
        raise ImportFileError(
            name,
            "the header is neither the aggregated-data template's ("
            + ",".join(AGGREGATE_COLUMNS)
            + ") nor the population template's ("
            + ",".join(POPULATION_COLUMNS)
            + "[,source]); found: "
            + (",".join(header) or "nothing"),
            line=1,
        )
    for heading in header:
        if heading and heading not in allowed:
            raise ImportFileError(name, "not a column of the template", line=1, field_name=heading)
        if heading and header.count(heading) > 1:
            raise ImportFileError(name, "the column appears twice", line=1, field_name=heading)
    return template


@dataclass
class FileReader:
    """Reads one template file, checking every row, into FileContents."""

    path: Path
    areas: AreaIndex
    rejected: RejectedRows
    skip_bad_rows: bool
    # The natural keys seen in this import, across its files, and where: "line 3 of FILE".
    seen: dict[tuple[object, ...], tuple[str, str]]
    # How messages name the file (an upload: the name it was uploaded under).
    name: str = ""

    def read(self) -> FileContents:
        line_label, records = _records(self.path, self.name or str(self.path))
        try:
            contents = self._read(line_label, records)
        finally:
            records.close()  # a workbook stays open until its rows are closed
        refuse_empty(
            contents.name,
            rows_read=contents.rows_read,
            # This file's, the last added to the import's list.
            rejections=self.rejected.rows[len(self.rejected.rows) - contents.rows_rejected :],
            line_label=line_label,
        )
        return contents

    def _read(self, line_label: str, records: Generator[Record]) -> FileContents:
        name = self.name or str(self.path)
        first = next(records, None)
        if first is None:
            raise ImportFileError(name, "the file is empty", line=1, line_label=line_label)
        header = [_header_text(cell) for cell in first[1]]
        contents = FileContents(name=name, template=_template(name, header), line_label=line_label)
        for line, cells in records:
            contents.rows_read += 1
            try:
                values = self._values(contents, header, line, cells)
                if contents.template == Template.AGGREGATES:
                    contents.aggregates.append(self._aggregate(contents, line, values))
                else:
                    contents.populations.append(self._population(contents, line, values))
            except ImportFileError as error:
                if not self.skip_bad_rows:
                    raise
                self.rejected.add(error, cells)
                contents.rows_rejected += 1
        return contents

    def _error(
        self, contents: FileContents, line: int, field_name: str | None, message: str
    ) -> ImportFileError:
        return ImportFileError(
            contents.name, message, line=line, field_name=field_name, line_label=contents.line_label
        )

    def _values(
        self, contents: FileContents, header: list[str], line: int, cells: list[Cell | None]
    ) -> dict[str, Cell | None]:
        values: dict[str, Cell | None] = {}
        for position, cell in enumerate(cells):
            heading = header[position] if position < len(header) else ""
            if heading:
                values[heading] = cell
            elif cell is not None and str(cell).strip():
                raise self._error(
                    contents, line, None, f"a value ({cell}) in a column with no heading"
                )
        return values

    def _field(
        self,
        contents: FileContents,
        line: int,
        values: dict[str, Cell | None],
        column: str,
        parse: Callable[[Cell | None], Any],
    ) -> Any:
        try:
            return parse(values.get(column))
        except ValueError as error:
            raise self._error(contents, line, column, str(error)) from None

    def _claim(self, contents: FileContents, line: int, key: tuple[object, ...], what: str) -> None:
        """Refuses a second row with the same natural key, naming where the first one was."""
        if key in self.seen:
            file, where = self.seen[key]
            if file != contents.name:
                where += f" of {file}"
            raise self._error(contents, line, None, f"the same {what} as {where}: give each once")
        self.seen[key] = (contents.name, f"{contents.line_label} {line}")

    def _aggregate(
        self, contents: FileContents, line: int, values: dict[str, Cell | None]
    ) -> AggregateRow:
        measure = self._field(contents, line, values, "measure", parse_measure)
        area = self._field(contents, line, values, "area", self.areas.parse)
        start = self._field(contents, line, values, "period_start", parse_month)
        end = self._field(contents, line, values, "period_end", parse_month)
        if end < start:
            raise self._error(
                contents, line, "period_end", f"{end:%Y-%m} is before period_start {start:%Y-%m}"
            )
        value = self._field(contents, line, values, "value", parse_value)
        key = (Template.AGGREGATES, measure, area.kind, area.code, start, end)
        self._claim(contents, line, key, "measure, area and period")
        return AggregateRow(line, measure, area, start, end, value)

    def _population(
        self, contents: FileContents, line: int, values: dict[str, Cell | None]
    ) -> PopulationRow:
        area = self._field(contents, line, values, "area", self.areas.parse)
        year = self._field(contents, line, values, "year", parse_year)
        population = self._field(contents, line, values, "population", parse_population)
        source = self._field(contents, line, values, "source", _text)
        if len(source) > 500:
            raise self._error(contents, line, "source", "longer than 500 characters")
        key = (Template.POPULATIONS, area.kind, area.code, year)
        self._claim(contents, line, key, "area and year")
        return PopulationRow(
            line,
            area,
            year,
            population,
            # An upload's own name, not the name the server saved it under.
            source or f"population template {Path(self.name or self.path).name}",
        )


def _header_text(cell: Cell | None) -> str:
    return "" if cell is None else str(cell).strip().lower()
