"""The long-run series of anti-social behaviour incidents per 1,000 people by year ending March
for a force, its Most Similar Group, its region and England and Wales: the loader for the ONS
table "Anti-social behaviour incidents recorded by the police, by police force area", and the
chart, plain-English summary and data table a report shows.

The ONS layout: each sheet (or a CSV file) holds note rows, then a header row whose first two
headings are the area code and the area name and whose others are years ending March ("Apr 2019
to Mar 2020", "Year ending Mar 2020", "2019/20"), then one row per area (police force areas,
English regions, Wales, England and Wales). Footnote markers ("[note 3]") are dropped; "[x]",
"[z]", "[c]" and ".." mark figures the ONS does not give. A sheet whose title or notes say
"per 1,000" holds rates; any other holds incident counts. A row whose code is `msg` holds the
Most Similar Group of the force loaded for (crimeplan's extension: the ONS publishes no group).
"""

import csv
import datetime
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import altair as alt
from django.conf import settings
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.crime_data.files import archive_problem, sha256_of
from crimeplan.geography.models import ComparisonGroup, Force, ForcePopulation

from .charts import _render
from .models import AsbAreaKind, AsbYearFigure

REFERENCE = Path(__file__).resolve().parent / "reference" / "ons-asb"
DEMO_FILE = REFERENCE / "asb-by-pfa-fixture.xlsx"

ENGLAND_AND_WALES = ("K04000001", "England and Wales")
REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
    "W92000004": "Wales",
}
REGION_ALIASES = {"east": "E12000006", "yorkshire and the humber": "E12000003"}
# The region each force area lies in, as the ONS groups them (checked against the Home Office
# LSOA lookup in shared/data by the tests); Wales is one region.
FORCE_REGION = {
    **dict.fromkeys(["cleveland", "durham", "northumbria"], "E12000001"),
    **dict.fromkeys(
        ["cheshire", "cumbria", "greater-manchester", "lancashire", "merseyside"], "E12000002"
    ),
    **dict.fromkeys(
        ["humberside", "north-yorkshire", "south-yorkshire", "west-yorkshire"], "E12000003"
    ),
    **dict.fromkeys(
        ["derbyshire", "leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire"],
        "E12000004",
    ),
    **dict.fromkeys(["staffordshire", "warwickshire", "west-mercia", "west-midlands"], "E12000005"),
    **dict.fromkeys(
        ["bedfordshire", "cambridgeshire", "essex", "hertfordshire", "norfolk", "suffolk"],
        "E12000006",
    ),
    **dict.fromkeys(["city-of-london", "metropolitan"], "E12000007"),
    **dict.fromkeys(["hampshire", "kent", "surrey", "sussex", "thames-valley"], "E12000008"),
    **dict.fromkeys(
        ["avon-and-somerset", "devon-and-cornwall", "dorset", "gloucestershire", "wiltshire"],
        "E12000009",
    ),
    **dict.fromkeys(["dyfed-powys", "gwent", "north-wales", "south-wales"], "W92000004"),
}
# Rows the ONS table holds that are none of the four comparators: read, counted, not stored.
NOT_COMPARATORS = {
    "E92000001": "England",
    "england": "England",
    "british transport police": "British Transport Police",
}
GROUP_CODE = "msg"
CODE_HEADINGS = {"area code", "code", "area codes", "pfa code", "police force area code"}
NAME_HEADINGS = {"area name", "name", "area", "police force area", "police force area name"}
UNAVAILABLE = {"[x]", "[z]", "[c]", "[low]", "..", ".", "-", ":", "x", "z", "c", "n/a"}
MARKER = re.compile(r"\[(?:note\s*\d+[a-z]?|[a-z]{1,3})\]", re.IGNORECASE)
RATE_SHEET = re.compile(r"per\s+1,?000\b", re.IGNORECASE)
FINANCIAL_YEAR = re.compile(r"^apr(?:il)?\s+(\d{4})\s+to\s+mar(?:ch)?\s+(\d{4})$")
YEAR_ENDING = re.compile(r"^(?:year\s+ending|ye)\s+mar(?:ch)?\s+(\d{4})$")
SHORT_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm"}
RATE_PLACES = Decimal("0.001")
MAX_INCIDENTS = 100_000_000
FROM_FILE = "as published in the file"

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


# -- reading the table ------------------------------------------------------------------------


def _plain(cell: Cell) -> str:
    """A heading or name without footnote markers, in lower case, spaces collapsed."""
    if cell is None:
        return ""
    return " ".join(MARKER.sub(" ", str(cell)).split()).lower()


def year_ending_march(heading: Cell) -> int:
    """The year a column heading's year ending March ends in."""
    text = _plain(heading)
    if match := FINANCIAL_YEAR.match(text):
        start, end = int(match.group(1)), int(match.group(2))
        if end != start + 1:
            raise ValueError(f"{heading!r} is not a year from April to March")
        return end
    if match := YEAR_ENDING.match(text):
        return int(match.group(1))
    if match := SHORT_YEAR.match(text):
        first, last = int(match.group(1)), int(match.group(2))
        if last % 100 != (first + 1) % 100:
            raise ValueError(f"{heading!r} is not a financial year")
        return first + 1
    raise ValueError(
        f"{heading!r} is not a year ending March (e.g. 'Apr 2019 to Mar 2020', "
        "'Year ending Mar 2020' or '2019/20')"
    )


def figure_of(cell: Cell) -> Decimal | None:
    """A cell's figure, or None when the ONS marks it unavailable or it is blank."""
    if cell is None:
        return None
    if isinstance(cell, bool | datetime.date):
        raise ValueError(f"{cell!r} is not a number")
    if isinstance(cell, int | float):
        value = Decimal(str(cell))
    else:
        text = cell.strip().lower()
        if not text or text in UNAVAILABLE:
            return None
        text = MARKER.sub("", text).replace(",", "").strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"text {cell!r} where a number was expected") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"{cell!r} is not a figure crimeplan can hold")
    return value


@dataclass(frozen=True)
class Area:
    kind: AsbAreaKind
    code: str
    name: str


class AreaIndex:
    """Tells which area a row's code (or, with no code, its name) stands for."""

    def __init__(self, group_force: Force | None) -> None:
        forces = list(Force.objects.all())
        self.by_code = {
            f.ons_code: Area(AsbAreaKind.FORCE, f.police_uk_id, f.short_name) for f in forces
        }
        self.by_code |= {
            code: Area(AsbAreaKind.REGION, code, name) for code, name in REGIONS.items()
        }
        self.by_code[ENGLAND_AND_WALES[0]] = Area(AsbAreaKind.ENGLAND_AND_WALES, *ENGLAND_AND_WALES)
        self.by_name: dict[str, Area] = {}
        for force in forces:
            for label in (force.short_name, force.home_office_name, force.name):
                self.by_name[_plain(label)] = self.by_code[force.ons_code]
        for code, name in REGIONS.items():
            self.by_name[_plain(name)] = self.by_code[code]
        for alias, code in REGION_ALIASES.items():
            self.by_name[alias] = self.by_code[code]
        self.by_name[_plain(ENGLAND_AND_WALES[1])] = self.by_code[ENGLAND_AND_WALES[0]]
        self.group_force = group_force

    def find(self, code_cell: Cell, name_cell: Cell) -> Area | str:
        """The area, or the name of a row that is none of the comparators (e.g. England)."""
        code, name = _plain(code_cell), _plain(name_cell)
        if code == GROUP_CODE or (not code and "most similar group" in name):
            return self._group()
        if code:
            if code.upper() in self.by_code:
                return self.by_code[code.upper()]
            if code.upper() in NOT_COMPARATORS:
                return NOT_COMPARATORS[code.upper()]
            raise ValueError(
                f"area code {code_cell!r} is not a police force area, region, England and Wales "
                f"or {GROUP_CODE!r}"
            )
        if name in self.by_name:
            return self.by_name[name]
        if name in NOT_COMPARATORS:
            return NOT_COMPARATORS[name]
        raise ValueError(
            f"area name {name_cell!r} is not a police force area, region or England and Wales"
        )

    def _group(self) -> Area:
        if self.group_force is None:
            raise ValueError(
                f"{GROUP_CODE!r} stands for a force's Most Similar Group: say which (--force)"
            )
        force = self.group_force
        return Area(AsbAreaKind.MSG, force.police_uk_id, f"{force.short_name} Most Similar Group")


@dataclass
class ParsedFigure:
    area: Area
    year: int
    incidents: int | None = None
    rate: Decimal | None = None
    source: str = ""
    where: dict[str, str] = field(default_factory=dict)  # "incidents"/"rate" -> sheet and row


@dataclass
class LoadReport:
    """What a load read, stored and set aside, for the command and the audit trail."""

    file_name: str
    sha256: str
    rows_read: int = 0
    rows_loaded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    figures_unavailable: int = 0
    figures_created: int = 0
    figures_changed: int = 0
    figures_unchanged: int = 0
    sheets_without_table: list[str] = field(default_factory=list)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def lines(self) -> list[str]:
        lines = [
            f"{self.file_name}: {self.rows_read} rows read, {self.rows_loaded} loaded, "
            f"{self.rows_skipped} skipped"
            + (
                " (" + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) + ")"
                if self.skipped
                else ""
            )
            + ".",
            f"Figures: {self.figures_created} new, {self.figures_changed} changed, "
            f"{self.figures_unchanged} unchanged; {self.figures_unavailable} cells marked "
            "unavailable or blank.",
        ]
        if self.sheets_without_table:
            lines.append(
                "Sheets with no area table (notes, contents): "
                + ", ".join(self.sheets_without_table)
                + "."
            )
        return lines


@dataclass(frozen=True)
class Column:
    index: int
    year: int
    label: str  # "C (Apr 2019 to Mar 2020)"


class TableReader:
    """Reads the area tables of one file into figures, keyed by (kind, code, year)."""

    def __init__(self, name: str, areas: AreaIndex, report: LoadReport, source: str) -> None:
        self.name, self.areas, self.report, self.source = name, areas, report, source
        self.figures: dict[tuple[str, str, int], ParsedFigure] = {}

    def error(
        self, sheet: Sheet, message: str, row: int | None = None, column: str | None = None
    ) -> AsbFileError:
        return AsbFileError(self.name, message, sheet=sheet.name, row=row, column=column)

    def read(self, sheet: Sheet) -> bool:
        """Reads one sheet; False when it holds no area table."""
        header_at = next(
            (
                i
                for i, (_, cells) in enumerate(sheet.rows)
                if len(cells) >= 2
                and _plain(cells[0]) in CODE_HEADINGS
                and _plain(cells[1]) in NAME_HEADINGS
            ),
            None,
        )
        if header_at is None:
            return False
        notes = [str(c) for _, cells in sheet.rows[:header_at] for c in cells if c is not None]
        measure = "rate" if RATE_SHEET.search(" ".join([sheet.name or "", *notes])) else "incidents"
        source = self.source or self._source(notes)
        header_row, header = sheet.rows[header_at]
        columns = self._columns(sheet, header_row, header)
        for number, cells in sheet.rows[header_at + 1 :]:
            self._row(sheet, number, cells, columns, measure, source[:500])
        return True

    def _source(self, notes: list[str]) -> str:
        """The sheet's "Source: ..." note, else its title, and the file's name."""
        said = [" ".join(MARKER.sub(" ", note).split()) for note in notes]
        cited = [n.split(":", 1)[1].strip() for n in said if n.lower().startswith("source:")]
        label = cited[0] if cited else said[0] if said else ""
        return f"{label} ({self.name})" if label else self.name

    def _columns(self, sheet: Sheet, row: int, header: list[Cell]) -> list[Column]:
        columns: list[Column] = []
        seen: dict[int, str] = {}
        for index, heading in enumerate(header[2:], start=2):
            if heading is None or not str(heading).strip():
                continue
            label = f"{get_column_letter(index + 1)} ({str(heading).strip()})"
            try:
                year = year_ending_march(heading)
            except ValueError as error:
                raise self.error(sheet, str(error), row, label) from None
            if year in seen:
                raise self.error(
                    sheet, f"the year ending March {year} is also column {seen[year]}", row, label
                )
            seen[year] = label
            columns.append(Column(index, year, label))
        if not columns:
            raise self.error(sheet, "the header row names no year ending March", row)
        return columns

    def _row(
        self,
        sheet: Sheet,
        number: int,
        cells: list[Cell],
        columns: list[Column],
        measure: str,
        source: str,
    ) -> None:
        self.report.rows_read += 1
        filled = [c for c in cells if c is not None and str(c).strip()]
        if not filled:
            self.report.skipped["blank"] += 1
            return
        figures_given = any(_cell(cells, c.index) is not None for c in columns)
        if len(filled) == 1 and not figures_given:
            self.report.skipped["notes"] += 1
            return
        if _cell(cells, 0) is None and _cell(cells, 1) is None:
            raise self.error(sheet, "figures with no area code or area name", number, "A")
        try:
            area = self.areas.find(_cell(cells, 0), _cell(cells, 1))
        except ValueError as error:
            where = "A (area code)" if _plain(_cell(cells, 0)) else "B (area name)"
            raise self.error(sheet, str(error), number, where) from None
        if isinstance(area, str):
            self.report.skipped[f"{area} (not a comparator)"] += 1
            return
        stored = 0
        for column in columns:
            try:
                value = figure_of(_cell(cells, column.index))
            except ValueError as error:
                raise self.error(sheet, str(error), number, column.label) from None
            if value is None:
                self.report.figures_unavailable += 1
                continue
            self._claim(sheet, number, column, area, measure, value, source)
            stored += 1
        if stored:
            self.report.rows_loaded += 1
        else:
            self.report.skipped["no figures given"] += 1

    def _claim(
        self,
        sheet: Sheet,
        number: int,
        column: Column,
        area: Area,
        measure: str,
        value: Decimal,
        source: str,
    ) -> None:
        key = (area.kind.value, area.code, column.year)
        figure = self.figures.setdefault(key, ParsedFigure(area, column.year, source=source))
        here = f"sheet {sheet.name!r}, row {number}" if sheet.name else f"row {number}"
        if measure in figure.where:
            raise self.error(
                sheet,
                f"{area.name}'s {measure} for the year ending March {column.year} is given "
                f"twice (also at {figure.where[measure]})",
                number,
                column.label,
            )
        figure.where[measure] = here
        if measure == "rate":
            figure.rate = value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
            return
        if value != value.to_integral_value() or value > MAX_INCIDENTS:
            raise self.error(sheet, f"{value} is not a count of incidents", number, column.label)
        figure.incidents = int(value)


def _cell(cells: Sequence[Cell], index: int) -> Cell:
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str) and not value.strip():
        return None
    return value


# -- loading ----------------------------------------------------------------------------------


def _with_rates(figures: Iterable[ParsedFigure]) -> list[dict[str, Any]]:
    """Each figure's stored fields; a force's rate comes from the file when it gives one, else
    from its incidents and the ONS mid-year population of the year the year ending March
    starts in (mid-2019 for the year ending March 2020), when crimeplan holds it."""
    figures = list(figures)
    populations = {
        (p.force.police_uk_id, p.year): p.population
        for p in ForcePopulation.objects.select_related("force").filter(
            year__in={f.year - 1 for f in figures}
        )
    }
    stored = []
    for figure in figures:
        population = None
        rate, rate_source = figure.rate, FROM_FILE if figure.rate is not None else ""
        if rate is None and figure.incidents is not None and figure.area.kind == "force":
            population = populations.get((figure.area.code, figure.year - 1))
            if population:
                rate = (Decimal(figure.incidents) * 1000 / population).quantize(
                    RATE_PLACES, rounding=ROUND_HALF_UP
                )
                rate_source = (
                    f"incidents per 1,000 of the ONS mid-{figure.year - 1} population "
                    f"({population:,})"
                )
        stored.append(
            {
                "area_kind": figure.area.kind.value,
                "area_code": figure.area.code,
                "year_ending_march": figure.year,
                "area_label": figure.area.name,
                "incidents": figure.incidents,
                "population": population,
                "rate_per_1000": rate,
                "rate_source": rate_source,
                "source": figure.source,
            }
        )
    return stored


def parse_file(
    path: Path, *, force_id: str | None = None, source: str = ""
) -> tuple[list[dict[str, Any]], LoadReport]:
    """The figures a file holds, as they would be stored, and what was read; writes nothing."""
    name = path.name
    group_force = Force.objects.filter(police_uk_id=force_id).first() if force_id else None
    if force_id and group_force is None:
        raise AsbFileError(name, f"{force_id!r} is not a police.uk force id")
    sheets = read_sheets(path, name)
    report = LoadReport(file_name=name, sha256=sha256_of(path))
    reader = TableReader(name, AreaIndex(group_force), report, source)
    for sheet in sheets:
        if not reader.read(sheet):
            report.sheets_without_table.append(sheet.name or name)
    if len(report.sheets_without_table) == len(sheets):
        raise AsbFileError(
            name,
            "no table found: no row starts with the headings 'Area code' and 'Area name' "
            "(the ONS layout: area code, area name, then one column per year ending March)",
        )
    if not reader.figures:
        raise AsbFileError(name, "the table holds no figures: nothing to load")
    figures = _with_rates(reader.figures.values())
    for figure in figures:
        figure |= {"source_file": name, "file_sha256": report.sha256}
    return figures, report


KEY_FIELDS = ("area_kind", "area_code", "year_ending_march")
RATE_FIELDS = ("rate_per_1000", "rate_source", "population")


def _merged(existing: AsbYearFigure, values: dict[str, Any]) -> dict[str, Any]:
    """A file sets what it gives: incidents from a counts table leave a rate loaded from a
    rates table alone, and the reverse; a rate worked out from a population does not replace
    a published rate for the same count."""
    merged = dict(values)
    if merged["incidents"] is None:
        merged["incidents"] = existing.incidents
    keep_rate = values["rate_per_1000"] is None or (
        values["rate_source"] != FROM_FILE
        and existing.rate_source == FROM_FILE
        and existing.incidents == merged["incidents"]
    )
    if keep_rate:
        merged |= {name: getattr(existing, name) for name in RATE_FIELDS}
    return merged


def run(
    path: Path, *, force_id: str | None = None, source: str = "", actor: Any = None
) -> LoadReport:
    """Loads one ONS ASB-by-police-force-area file. Idempotent (figures are keyed by area and
    year, and a figure loaded again unchanged is left alone) and atomic: a file with any error
    stores nothing, and the error names the file, the sheet row and the column. A later file
    replaces the figures it gives (see `_merged`)."""
    figures, report = parse_file(path, force_id=force_id, source=source)
    with transaction.atomic():
        held = {
            tuple(getattr(f, k) for k in KEY_FIELDS): f
            for f in AsbYearFigure.objects.select_for_update().filter(
                year_ending_march__in={f["year_ending_march"] for f in figures}
            )
        }
        for values in figures:
            key = tuple(values[k] for k in KEY_FIELDS)
            existing = held.get(key)
            if existing is None:
                AsbYearFigure.objects.create(**values)
                report.figures_created += 1
            elif any(getattr(existing, k) != v for k, v in _merged(existing, values).items()):
                for k, v in _merged(existing, values).items():
                    setattr(existing, k, v)
                existing.save()
                report.figures_changed += 1
            else:
                report.figures_unchanged += 1
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="performance.asbyearfigure",
            object_label=f"ONS ASB incidents by police force area: {report.file_name}",
            summary=" ".join(report.lines())[:500],
        )
    return report


def load_demo() -> list[str]:
    """The fixture of Gloucestershire's published figures, for `crimeplan load-demo`."""
    if settings.CRIMEPLAN_FORCE != "gloucestershire":
        return ["ASB long-run series: the fixture is Gloucestershire's; not loaded."]
    report = run(DEMO_FILE, force_id="gloucestershire")
    return ["ASB long-run series: " + " ".join(report.lines())]


# -- the series, the chart, the summary, the table --------------------------------------------


@dataclass(frozen=True)
class Series:
    """One area's line: its rate per 1,000 by year ending March, and where each came from."""

    kind: str
    label: str
    rates: dict[int, Decimal]
    incidents: dict[int, int] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class LongRunChart:
    svg: str
    summary: str
    columns: list[str]
    rows: list[list[str]]
    source: str


KIND_STYLES = {  # colour, dash, point shape: told apart without colour too
    AsbAreaKind.FORCE.value: ("#1d70b8", [1, 0], "circle"),
    AsbAreaKind.MSG.value: ("#f47738", [8, 4], "square"),
    AsbAreaKind.REGION.value: ("#00703c", [2, 3], "triangle-up"),
    AsbAreaKind.ENGLAND_AND_WALES.value: ("#0b0c0c", [12, 3, 2, 3], "diamond"),
}


def _series_of(kind: str, label: str, figures: Iterable[AsbYearFigure]) -> Series:
    figures = list(figures)
    return Series(
        kind=kind,
        label=label,
        rates={
            f.year_ending_march: f.rate_per_1000 for f in figures if f.rate_per_1000 is not None
        },
        incidents={f.year_ending_march: f.incidents for f in figures if f.incidents is not None},
        sources=tuple(sorted({f.source for f in figures})),
    )


def _group_from_members(force: Force) -> Series | None:
    """The group's rate from its members' incidents and populations, for the years every
    member has both; None when the force has no group or no such year."""
    group = ComparisonGroup.objects.filter(force=force).prefetch_related("members").first()
    members = [m.police_uk_id for m in group.members.all()] if group else []
    if not group or not members:
        return None
    incidents: dict[int, dict[str, int]] = {}
    for figure in AsbYearFigure.objects.filter(
        area_kind=AsbAreaKind.FORCE, area_code__in=members, incidents__isnull=False
    ):
        if figure.incidents is not None:
            by_member = incidents.setdefault(figure.year_ending_march, {})
            by_member[figure.area_code] = figure.incidents
    populations = {
        (p.force.police_uk_id, p.year): p.population
        for p in ForcePopulation.objects.select_related("force").filter(
            force__police_uk_id__in=members
        )
    }
    rates, totals = {}, {}
    for year, by_member in incidents.items():
        pops = [populations.get((m, year - 1)) for m in members]
        if len(by_member) == len(members) and all(pops):
            total = sum(by_member.values())
            rates[year] = (Decimal(total) * 1000 / sum(p for p in pops if p)).quantize(
                RATE_PLACES, rounding=ROUND_HALF_UP
            )
            totals[year] = total
    if not rates:
        return None
    label = "Comparison group (illustrative)" if group.illustrative else "Most Similar Group"
    source = (
        f"Sum of the incidents of the group's {len(members)} member forces per 1,000 of their "
        f"ONS mid-year populations; group: {group.source.strip()}"
    )
    return Series(AsbAreaKind.MSG.value, label, rates, totals, (source,))


def longrun_series(force: Force) -> list[Series]:
    """The force's line and each comparator's that crimeplan holds figures for."""
    held = AsbYearFigure.objects.all()
    region = FORCE_REGION.get(force.police_uk_id)
    series = [
        _series_of(
            AsbAreaKind.FORCE.value,
            force.short_name,
            held.filter(area_kind=AsbAreaKind.FORCE, area_code=force.police_uk_id),
        ),
        _group_from_members(force)
        or _series_of(
            AsbAreaKind.MSG.value,
            "Most Similar Group",
            held.filter(area_kind=AsbAreaKind.MSG, area_code=force.police_uk_id),
        ),
    ]
    if region:
        series.append(
            _series_of(
                AsbAreaKind.REGION.value,
                f"{REGIONS[region]} region" if region != "W92000004" else "Wales",
                held.filter(area_kind=AsbAreaKind.REGION, area_code=region),
            )
        )
    series.append(
        _series_of(
            AsbAreaKind.ENGLAND_AND_WALES.value,
            ENGLAND_AND_WALES[1],
            held.filter(area_kind=AsbAreaKind.ENGLAND_AND_WALES),
        )
    )
    return series


def _listed(items: Sequence[object]) -> str:
    words = [str(item) for item in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _rate(value: Decimal) -> str:
    return f"{value:,.2f}"


def _change(first: Decimal, last: Decimal) -> str:
    difference = last - first
    if difference == 0:
        return "no change"
    direction = "a fall" if difference < 0 else "a rise"
    text = f"{direction} of {_rate(abs(difference))} per 1,000"
    if first:
        text += f" ({abs(difference) / first * 100:.1f}%)"
    return text


def _line_text(series: Series) -> str:
    years = sorted(series.rates)
    first, last = years[0], years[-1]
    if first == last:
        return f"{series.label}: {_rate(series.rates[first])} in the year ending March {first}."
    text = (
        f"{series.label}: {_rate(series.rates[first])} in the year ending March {first} and "
        f"{_rate(series.rates[last])} in the year ending March {last}, "
        f"{_change(series.rates[first], series.rates[last])}."
    )
    if first in series.incidents and last in series.incidents:
        before, after = series.incidents[first], series.incidents[last]
        if before:
            fewer = "fewer" if after < before else "more"
            text += (
                f" {series.label}'s recorded incidents went from {before:,} to {after:,} "
                f"({abs(after - before) / before * 100:.1f}% {fewer})."
            )
    return text


def _named(series: Series) -> str:
    """The series' name inside a sentence: "the Most Similar Group", "England and Wales"."""
    if series.kind in {AsbAreaKind.MSG.value, AsbAreaKind.REGION.value}:
        label = series.label
        return "the " + (label[0].lower() + label[1:] if label.startswith("Comparison") else label)
    return series.label


def _comparison_text(force: Series, other: Series) -> str:
    shared = sorted(set(force.rates) & set(other.rates))
    if not shared:
        return f"{force.label} and {_named(other)} have no year with figures for both."
    parts = []
    for year in [shared[-1], shared[0]] if len(shared) > 1 else shared:
        gap = force.rates[year] - other.rates[year]
        relation = "higher" if gap > 0 else "lower" if gap < 0 else "the same"
        amount = f"{_rate(abs(gap))} per 1,000 " if gap else ""
        parts.append(f"{amount}{relation} in the year ending March {year}")
    return f"Compared with {_named(other)}, {force.label}'s rate was " + " and ".join(parts) + "."


def summary_text(series: Sequence[Series], years: Sequence[int]) -> str:
    """Plain English: each line's first and last year and change, how the force compares with
    each comparator held, and the gaps."""
    force, comparators = series[0], series[1:]
    held = [s for s in series if s.rates]
    sentences = [
        "Anti-social behaviour incidents recorded by the police per 1,000 people, years "
        f"ending March {years[0]} to {years[-1]}."
    ]
    sentences += [_line_text(s) for s in held]
    if force.rates:
        sentences += [_comparison_text(force, other) for other in comparators if other.rates]
    gaps: dict[tuple[int, ...], list[str]] = {}
    for line in held:
        missing = tuple(y for y in years if y not in line.rates)
        if missing:
            gaps.setdefault(missing, []).append(_named(line))
    for missing, names in gaps.items():
        plural = "years" if len(missing) > 1 else "year"
        sentences.append(
            f"No figure is held for {' or '.join(names)} for the {plural} ending March "
            f"{_listed(missing)}."
        )
    for line in series:
        unrated = sorted(set(line.incidents) - set(line.rates))
        if unrated:
            counts = _listed(
                [f"{line.incidents[y]:,} in the year ending March {y}" for y in unrated]
            )
            sentences.append(
                f"{line.label} also has recorded incidents with no population held to make a "
                f"rate per 1,000, so they are not charted: {counts}."
            )
    absent = [_named(s) for s in series if not s.rates]
    if absent:
        sentences.append(
            "No figures are held for "
            + _listed(absent)
            + ", so the chart has no line for "
            + ("it." if len(absent) == 1 else "them.")
        )
    return " ".join(sentences)


def table_rows(series: Sequence[Series], years: Sequence[int]) -> tuple[list[str], list[list[str]]]:
    held = [s for s in series if s.rates]
    columns = ["Year ending March", *(f"{s.label} (per 1,000)" for s in held)]
    rows = [
        [str(year), *(_rate(s.rates[year]) if year in s.rates else "not held" for s in held)]
        for year in years
    ]
    return columns, rows


def chart_spec(series: Sequence[Series], years: Sequence[int]) -> dict[str, Any]:
    """Lines per area (broken where a year is missing), points, years ending March on x."""
    held = [s for s in series if s.rates]
    values = [
        {
            "year": str(year),
            "area": s.label,
            "rate": float(s.rates[year]) if year in s.rates else None,
        }
        for s in held
        for year in years
    ]
    labels = [s.label for s in held]
    styles = [KIND_STYLES[s.kind] for s in held]
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X(
            "year:O",
            title="Year ending March",
            sort=[str(y) for y in years],
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("rate:Q", title="ASB incidents per 1,000 people", scale=alt.Scale(zero=True)),
        color=alt.Color(
            "area:N",
            scale=alt.Scale(domain=labels, range=[s[0] for s in styles]),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
    )
    lines = base.mark_line(invalid="break-paths-show-domains", strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash(
            "area:N", scale=alt.Scale(domain=labels, range=[s[1] for s in styles]), legend=None
        )
    )
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        shape=alt.Shape(
            "area:N", scale=alt.Scale(domain=labels, range=[s[2] for s in styles]), legend=None
        ),
        tooltip=["area:N", "year:O", alt.Tooltip("rate:Q", format=".2f")],
    )
    return alt.layer(lines, points).properties(width=560, height=280).to_dict()


def longrun_chart(force_id: str) -> LongRunChart | None:
    """The long-run chart, its summary and its data table for a force; None when crimeplan
    holds no figure for the force or any comparator. The SVG is rendered once per data."""
    force = Force.objects.filter(police_uk_id=force_id).first()
    if force is None:
        return None
    series = longrun_series(force)
    held_years = sorted({y for s in series for y in s.rates})
    if not held_years:
        return None
    years = list(range(held_years[0], held_years[-1] + 1))
    summary = summary_text(series, years)
    columns, rows = table_rows(series, years)
    title = f"ASB incidents per 1,000 people by year ending March: {force.short_name}"
    rendered = _render(chart_spec(series, years), title, summary)
    sources = sorted({source for s in series if s.rates for source in s.sources})
    return LongRunChart(rendered.svg, summary, columns, rows, "; ".join(sources))
