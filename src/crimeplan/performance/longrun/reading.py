"""Reading the ONS table "Anti-social behaviour incidents recorded by the police, by police
force area" from its sheets into figures keyed by area and year.

The ONS layout: each sheet (or a CSV file) holds note rows, then a header row whose first two
headings are the area code and the area name and whose others are years ending March ("Apr 2019
to Mar 2020", "Year ending Mar 2020", "2019/20"), then one row per area (police force areas,
English regions, Wales, England and Wales). Footnote markers ("[note 3]") are dropped; "[x]",
"[z]", "[c]" and ".." mark figures the ONS does not give. A sheet whose title or notes say
"per 1,000" holds rates; any other holds incident counts. A row whose code is `msg` holds the
Most Similar Group of the force loaded for (crimeplan's extension: the ONS publishes no group).
"""

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.utils import get_column_letter

from crimeplan.geography.models import Force

from ..models import AsbAreaKind
from .sheets import AsbFileError, Cell, Sheet

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
RATE_PLACES = Decimal("0.001")
MAX_INCIDENTS = 100_000_000


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
