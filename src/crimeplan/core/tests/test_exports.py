"""The export module: any text goes out as text in every format, no cell is ever a formula,
figures stay exactly as printed, and a download carries its headers and its audit event."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crimeplan.accounts.tests.factories import UserFactory
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.core import exports

from .spreadsheets import (
    FORMULAS,
    READERS,
    csv_cells,
    csv_original,
    csv_runs,
    ods_cells,
    xlsx_cells,
)

# Texts a spreadsheet cell holds as they are: XML (XLSX, ODS) keeps no control character
# but tab and line feed; those are tested on their own below.
SPREADSHEET_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n=+-@'%.,0123456789"),
    max_size=60,
)
ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("=+-@\t\r"), max_size=60
)
PRINTED_FIGURES = ["-12.3", "-0.25%", "+1,234", "-7", "0.125", "-.5", "12%", "-1,234.5"]


def _table(texts: list[str], file_format: str) -> bytes:
    return exports.table_bytes([{"text": t} for t in texts], ["text"], file_format, title="Hostile")


@settings(max_examples=200, deadline=None)
@given(st.lists(SPREADSHEET_TEXT, min_size=1, max_size=5))
def test_xlsx_holds_any_text_as_text(texts: list[str]) -> None:
    cells = xlsx_cells(_table(texts, "xlsx"))
    assert [c.text for c in cells[1:]] == texts  # the header first
    assert all(c.kind == "s" and not c.formula for c in cells)


@settings(max_examples=200, deadline=None)
@given(st.lists(SPREADSHEET_TEXT, min_size=1, max_size=5))
def test_ods_holds_any_text_as_text(texts: list[str]) -> None:
    cells = ods_cells(_table(texts, "ods"))
    assert [c.text for c in cells[1:]] == texts
    assert all(c.kind == "string" and not c.formula for c in cells)


@settings(max_examples=300, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=5))
def test_csv_never_hands_a_spreadsheet_a_formula(texts: list[str]) -> None:
    cells = csv_cells(_table(texts, "csv"))[1:]
    assert not any(c.formula for c in cells)
    assert [csv_original(c.text) for c in cells] == texts


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_each_known_formula_goes_out_as_text(formula: str, file_format: str) -> None:
    content = _table([formula], file_format)
    if file_format == "csv":
        (cell,) = csv_cells(content)[1:]
        assert cell.text == "'" + formula
    else:
        (cell,) = (xlsx_cells if file_format == "xlsx" else ods_cells)(content)[1:]
        assert not cell.formula
        assert cell.kind in {"s", "string"}
        assert cell.text == (exports.ods_text(formula) if file_format == "ods" else cell.text)


def test_xlsx_writes_control_characters_as_text_not_as_a_formula() -> None:
    content = _table(["\r=1+1", "a\x01b", "=1\x0b"], "xlsx")
    cells = xlsx_cells(content)[1:]
    # Excel's own escape for a control character, which it shows as the character.
    assert [c.text for c in cells] == ["_x000D_=1+1", "a_x0001_b", "=1_x000B_"]
    assert all(c.kind == "s" and not c.formula for c in cells)


def test_ods_keeps_line_breaks_and_marks_what_xml_cannot_hold() -> None:
    cells = ods_cells(_table(["a\r\nb", "\r=1", "x\x01y"], "ods"))[1:]
    assert [c.text for c in cells] == ["a\nb", "\n=1", "x\ufffdy"]


@pytest.mark.parametrize("figure", PRINTED_FIGURES)
def test_printed_figures_stay_exactly_as_printed(figure: str) -> None:
    assert not csv_runs(figure)
    assert csv_cells(_table([figure], "csv"))[1].text == figure
    assert xlsx_cells(_table([figure], "xlsx"))[1].text == figure
    assert ods_cells(_table([figure], "ods"))[1].text == figure


@pytest.mark.parametrize("text", ["-2+3", "-1e5", "+44 1452 000000", "-", "--1", "-1.2.3x"])
def test_texts_that_only_start_like_a_number_are_neutralised(text: str) -> None:
    assert csv_cells(_table([text], "csv"))[1].text == "'" + text


def test_numbers_are_numbers_in_spreadsheets_and_plain_in_csv() -> None:
    rows = [{"n": -5, "x": Decimal("-1.25"), "f": 2.5, "b": True, "none": None}]
    columns = ["n", "x", "f", "b", "none"]
    xlsx = xlsx_cells(exports.table_bytes(rows, columns, "xlsx"))[len(columns) :]
    assert [(c.text, c.kind) for c in xlsx] == [("-5", "n"), ("-1.25", "n"), ("2.5", "n"),
                                                 ("True", "b")]  # fmt: skip
    ods = ods_cells(exports.table_bytes(rows, columns, "ods"))[len(columns) :]
    assert [(c.text, c.kind) for c in ods[:3]] == [("-5", "float"), ("-1.25", "float"),
                                                    ("2.5", "float")]  # fmt: skip
    csv_row = csv_cells(exports.table_bytes(rows, columns, "csv"))[len(columns) :]
    assert [c.text for c in csv_row] == ["-5", "-1.25", "2.5", "True", ""]


def test_a_not_finite_number_is_written_as_text() -> None:
    cells = xlsx_cells(exports.table_bytes([{"x": float("nan")}], ["x"], "xlsx"))
    assert (cells[1].text, cells[1].kind) == ("nan", "s")


def test_json_is_the_rows_as_they_are() -> None:
    content = exports.table_bytes([{"a": FORMULAS[0], "b": 2, "c": "x"}], ["a", "b"], "json")
    assert json.loads(content) == [{"a": FORMULAS[0], "b": 2}]


def test_a_text_longer_than_a_cell_is_cut_with_a_note_not_silently() -> None:
    text = "x" * 40_000
    (cell,) = xlsx_cells(_table([text], "xlsx"))[1:]
    assert len(cell.text) == exports.XLSX_MAX_TEXT
    assert cell.text.endswith("[cut: the text has 40,000 characters, a cell holds 32,767]")


def test_sheet_titles_are_ones_both_formats_accept() -> None:
    sheets = [
        exports.Sheet("a/b:[c]*?" + "x" * 40, ["c"], []),
        exports.Sheet("'A/B:[C]*?" + "x" * 40, ["c"], []),
    ]
    assert len(xlsx_cells(exports.xlsx_bytes(sheets))) == 2
    assert len(ods_cells(exports.ods_bytes(sheets))) == 2


def test_an_unknown_table_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format must be one of"):
        exports.table_bytes([], ["a"], "xls")


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("../../etc/passwd", "etc-passwd.csv"),
        ('a"b\r\nContent-Type: text/html', "a-b-Content-Type-text-html.csv"),
        ("Café Évaluation", "Cafe-Evaluation.csv"),
        ("=HYPERLINK()", "HYPERLINK.csv"),
        ("", "download.csv"),
    ],
)
def test_download_filenames_are_plain(stem: str, expected: str) -> None:
    assert exports.download_filename(stem, "csv") == expected


@pytest.mark.django_db
def test_a_signed_in_download_is_audited_by_count_and_filters_never_values() -> None:
    user = UserFactory()
    request = RequestFactory().get(
        "/x", {"year": "2024", "format": "xlsx", "actor": "jane@example.org"}
    )
    request.user = user
    response = exports.table_response(
        request=request,
        rows=[{"name": "Secret Name"}, {"name": "Other"}],
        columns=["name"],
        file_format="xlsx",
        filename="people",
        subject="test people",
        filters={"year": 2024},
    )
    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert event.actor == user
    assert event.summary == (
        "Downloaded test people as XLSX, 2 rows; filters year=2024, actor (value not kept)"
    )
    assert event.path.startswith("/x")
    stored = json.dumps([event.summary, event.object_label, event.path, event.before, event.after])
    assert "Secret Name" not in stored
    assert "jane" not in stored


@pytest.mark.django_db
def test_the_publics_download_of_a_published_document_is_not_audited() -> None:
    request = RequestFactory().get("/published.pdf")
    request.user = AnonymousUser()
    before = AuditEvent.objects.count()
    response = exports.download_response(
        request=request,
        content=b"%PDF-1.7",
        file_format="pdf",
        filename="report",
        subject="a report",
        inline=True,
    )
    assert response["Content-Disposition"] == 'inline; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.count() == before


def test_a_download_view_refuses_a_format_it_does_not_serve() -> None:
    @exports.download_view("csv", "xlsx", query="format", default="csv")
    def view(request):  # type: ignore[no-untyped-def]
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200
    assert view(factory.get("/", {"format": "xlsx"})).status_code == 200
    with pytest.raises(Http404):
        view(factory.get("/", {"format": "exe"}))
    assert view.download_formats == ("csv", "xlsx")  # type: ignore[attr-defined]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(ANY_TEXT, min_size=2, max_size=2), max_size=4))
def test_streamed_csv_is_the_same_as_csv_bytes(rows: list[list[str]]) -> None:
    assert "".join(exports.csv_lines(["a", "b"], rows)).encode() == exports.csv_bytes(
        ["a", "b"], rows
    )


def test_downloads_and_spreadsheets_are_made_only_here() -> None:
    """One way to hand out a file: no other module sets Content-Disposition, records an
    export in the audit trail or writes a workbook itself (CSV files crimeplan keeps for
    itself, such as an import's staging, are data, not downloads, and may be written raw). The
    audit app names the export action once, where it hands this module its recorder."""
    from pathlib import Path

    root = Path(exports.__file__).resolve().parents[1]
    marks = ("Content-Disposition", "AuditAction.EXPORT", "xlsxwriter", "OpenDocumentSpreadsheet")
    allowed = {"audit/apps.py: AuditAction.EXPORT"}
    found = [
        f"{path.relative_to(root)}: {mark}"
        for path in sorted(root.rglob("*.py"))
        if path != Path(exports.__file__).resolve() and "tests" not in path.parts
        for mark in marks
        if mark in path.read_text(encoding="utf-8")
    ]
    found = [place for place in found if place not in allowed]
    assert found == []


# -- provenance of published tables -------------------------------------------------------------

ABOUT = exports.About(
    source="ASB Case Review applications", as_at=datetime.date(2026, 4, 1), publisher="The OPCC"
)


def test_a_published_csv_ends_every_row_with_its_source_date_and_licence() -> None:
    content = exports.table_bytes([{"a": 1}, {"a": 2}], ["a"], "csv", about=ABOUT).decode()
    header, *rows = list(csv.reader(io.StringIO(content)))
    assert header == ["a", "about_publisher", "about_source", "about_as_at", "about_licence"]
    licence = f"{exports.OGL} ({exports.OGL_URL})"
    assert rows == [
        ["1", "The OPCC", "ASB Case Review applications", "2026-04-01", licence],
        ["2", "The OPCC", "ASB Case Review applications", "2026-04-01", licence],
    ]


def test_a_table_whose_own_column_has_a_provenance_name_is_refused() -> None:
    with pytest.raises(ValueError, match="about_source"):
        exports.table_bytes([{"about_source": "x"}], ["about_source"], "csv", about=ABOUT)


def test_a_published_json_table_is_wrapped_with_what_it_is() -> None:
    document = json.loads(exports.table_bytes([{"a": 1}], ["a"], "json", about=ABOUT))
    assert document == {
        "about": {
            "publisher": "The OPCC",
            "source": "ASB Case Review applications",
            "as_at": "2026-04-01",
            "licence": exports.OGL,
            "licence_url": exports.OGL_URL,
        },
        "rows": [{"a": 1}],
    }
    # Unpublished tables stay a plain list.
    assert json.loads(exports.table_bytes([{"a": 1}], ["a"], "json")) == [{"a": 1}]


@pytest.mark.parametrize("file_format", ["xlsx", "ods"])
def test_a_published_workbook_has_an_about_sheet(file_format: str) -> None:
    content = exports.table_bytes([{"a": 1}], ["a"], file_format, title="Figures", about=ABOUT)
    texts = [c.text for c in READERS[file_format](content)]
    # The table first, then the About sheet: a header, then one field and its value a row.
    assert texts[:2] == ["a", "1"]
    about = texts[2:]
    assert dict(zip(about[::2], about[1::2], strict=True)) == {
        "about": "value",
        "publisher": "The OPCC",
        "source": "ASB Case Review applications",
        "as_at": "2026-04-01",
        "licence": exports.OGL,
        "licence_url": exports.OGL_URL,
    }


def test_the_publisher_is_the_office_unless_said(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_OPCC_NAME = "Office of the Police and Crime Commissioner for Gwent"
    about = exports.About(source="x", as_at=datetime.date(2026, 4, 1))
    assert about.as_dict()["publisher"] == settings.CRIMEPLAN_OPCC_NAME
    assert about.sentence() == (
        f"Published by {settings.CRIMEPLAN_OPCC_NAME}. Source: x. As at 2026-04-01. "
        f"Licence: {exports.OGL} ({exports.OGL_URL})."
    )
