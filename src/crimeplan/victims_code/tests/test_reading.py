"""Reading a return file: every bad input is named by file, line (or row) and field."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from ..reading import ReturnError, parse_right, read_return

TODAY = datetime.date(2026, 11, 18)
HEADER = "agency,year,quarter,right,eligible,complied,note\n"


def _read(text: str, name: str = "return.csv"):  # type: ignore[no-untyped-def]
    return read_return(name=name, content=text.encode(), today=TODAY, earliest_year=2021)


def _problems(text: str | bytes, name: str = "return.csv") -> list[str]:
    content = text.encode() if isinstance(text, str) else text
    with pytest.raises(ReturnError) as caught:
        read_return(name=name, content=content, today=TODAY, earliest_year=2021)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_is_read_with_rights_written_three_ways() -> None:
    read = _read(
        HEADER + "CPS,2025/26,Q3,r01,10,8,\nCPS,2025,3,6,5,5,ok\n"
        "CPS,2025,3,To make a complaint,4,1,\n"
    )
    assert read.agency == "CPS"
    assert (read.period.year, read.period.quarter) == (2025, 3)
    assert [(line.line, line.right, line.eligible, line.complied) for line in read.lines] == [
        (2, "r01", 10, 8),
        (3, "r06", 5, 5),
        (4, "r11", 4, 1),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("CPS,2025,3,r13,10,8,", "return.csv, line 2, field 'right': 'r13' is not one of"),
        ("CPS,2025,3,r01,-3,0,", "return.csv, line 2, field 'eligible': -3 is negative"),
        ("CPS,2025,3,r01,10,-1,", "return.csv, line 2, field 'complied': -1 is negative"),
        ("CPS,2025,3,r01,10,11,", "return.csv, line 2, field 'complied': 11 complied is more"),
        ("CPS,2025,3,r01,2.5,1,", "return.csv, line 2, field 'eligible': '2.5' is not a whole"),
        ("CPS,0,3,r01,10,8,", "return.csv, line 2, field 'year': '0' is not a financial year"),
        ("CPS,2999,3,r01,10,8,", "return.csv, line 2, field 'year': 2999/00 Q3 is in the future"),
        ("CPS,2026,3,r01,10,8,", "return.csv, line 2, field 'year': 2026/27 Q3 has not ended"),
        ("CPS,2019,3,r01,10,8,", "return.csv, line 2, field 'year': 2019 is before 2021/22"),
        ("CPS,2025,5,r01,10,8,", "return.csv, line 2, field 'quarter': '5' is not a quarter"),
        ("CPS,2025,3,r01,=SUM(A1),8,", "return.csv, line 2, field 'eligible': a formula"),
        (",2025,3,r01,10,8,", "return.csv, line 2, field 'agency': missing"),
    ],
)
def test_a_bad_line_names_file_line_and_field(line: str, expected: str) -> None:
    problems = _problems(HEADER + line + "\n")
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_reported_not_only_the_first() -> None:
    problems = _problems(HEADER + "CPS,2025,3,r99,-1,0,\nCPS,2025,3,r02,5,6,\n")
    assert [p.split(":")[0] for p in problems] == [
        "return.csv, line 2, field 'right'",
        "return.csv, line 2, field 'eligible'",
        "return.csv, line 3, field 'complied'",
    ]


def test_a_right_given_twice_is_refused() -> None:
    problems = _problems(HEADER + "CPS,2025,3,r01,5,5,\nCPS,2025,3,1,6,6,\n")
    assert problems == [
        "return.csv, line 3, field 'right': r01 is also on line 2: give each right once"
    ]


def test_a_file_for_two_agencies_or_quarters_is_refused() -> None:
    problems = _problems(
        HEADER + "CPS,2025,3,r01,5,5,\nCourts,2025,3,r02,6,6,\nCPS,2025,2,r03,1,1,\n"
    )
    assert problems[0].startswith("return.csv, line 3, field 'agency': a return is for one")
    assert problems[1].startswith("return.csv, line 4, field 'quarter': a return is for one")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "return.csv: the file is empty"),
        (b"  \n\n", "return.csv: the file is empty"),
        (HEADER.encode(), "return.csv: no lines after the header"),
        (b"agency,year,quarter,rite,eligible,complied\nCPS,2025,3,r01,1,1\n", "field 'rite'"),
        (b"\xff\xfeagency\n", "return.csv: not UTF-8 text"),
        (
            b"agency,year,quarter,right,eligible,complied,eligible\nCPS,2025,3,r01,1,1,9\n",
            "return.csv, line 1, field 'eligible': column given twice",
        ),
    ],
)
def test_bad_files_are_named(content: bytes, expected: str) -> None:
    problems = _problems(content)
    assert any(expected in p for p in problems), problems


def test_a_40_mb_line_is_named_by_its_line() -> None:
    content = (HEADER + "CPS,2025,3,r01,").encode() + b"9" * 40_000_000 + b",1,\n"
    assert _problems(content) == ["return.csv, line 2: longer than 2,000 characters"]


def test_an_unknown_file_type_is_refused() -> None:
    assert _problems(HEADER, name="return.pdf")[0].startswith("return.pdf: give a .csv or .xlsx")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_return_is_read_and_its_formulas_refused_by_row() -> None:
    header = HEADER.strip().split(",")
    good = _xlsx([header, ["CPS", 2025, 3, "r01", 10, 8.0, None]])
    read = read_return(name="r.xlsx", content=good, today=TODAY, earliest_year=2021)
    assert [(x.right, x.eligible, x.complied) for x in read.lines] == [("r01", 10, 8)]
    bad = _xlsx([header, ["CPS", 2025, 3, "r01", "=5+5", 8, None]])
    with pytest.raises(ReturnError) as caught:
        read_return(name="r.xlsx", content=bad, today=TODAY, earliest_year=2021)
    assert str(caught.value.problems[0]).startswith("r.xlsx, row 2, field 'eligible': a formula")


def test_a_broken_xlsx_is_named() -> None:
    assert _problems(b"not a zip", name="r.xlsx")[0].startswith("r.xlsx: not an XLSX workbook")


def _cut_sheet(content: bytes) -> bytes:
    """The workbook with its first sheet's XML cut in half: it opens, its rows do not read."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return out.getvalue()


def test_a_workbook_with_a_damaged_sheet_is_named() -> None:
    header = HEADER.strip().split(",")
    damaged = _cut_sheet(_xlsx([header, ["CPS", 2025, 3, "r01", 10, 8, None]]))
    assert _problems(damaged, name="r.xlsx")[0].startswith("r.xlsx: not readable")


@pytest.mark.parametrize(
    ("text", "code"),
    [("r01", "r01"), ("1", "r01"), ("01", "r01"), ("R12", "r12"), ("To make a complaint", "r11")],
)
def test_rights_are_known_by_code_number_or_name(text: str, code: str) -> None:
    assert parse_right(text) == code
