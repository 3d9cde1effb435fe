"""A plan file is read whole or refused: a sheet, a value or a key the reader would not read
is an error naming it, and so is a file nested too deeply to parse."""

import io
from pathlib import Path

import openpyxl
import pytest

from crimeplan.delivery import planfile
from crimeplan.delivery.planfile import PlanFileError
from crimeplan.delivery.views import plans

from .factories import PLAN_FIXTURE


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(planfile.xlsx_bytes(planfile.read_plan_file(PLAN_FIXTURE)))
    assert planfile.read_plan_file(path, slug="plan").priorities  # reads as it is
    return path


def edited(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def test_a_sheet_of_another_name_is_refused_not_left_unread(workbook_path: Path) -> None:
    def misnamed(workbook: openpyxl.Workbook) -> None:
        workbook["Priorities"].title = "Priority"

    with pytest.raises(PlanFileError, match=r"plan\.xlsx: sheet Priority: : is not a sheet"):
        planfile.read_plan_file(edited(workbook_path, misnamed), slug="plan")


def test_a_value_in_a_column_with_no_heading_is_refused(workbook_path: Path) -> None:
    def beyond_the_headings(workbook: openpyxl.Workbook) -> None:
        workbook["Commitments"].cell(row=2, column=5, value="also this")

    with pytest.raises(
        PlanFileError,
        match=r"sheet Commitments, row 2: column 5: a value \(also this\) in a column with no",
    ):
        planfile.read_plan_file(edited(workbook_path, beyond_the_headings), slug="plan")


def test_plan_rows_of_one_cell_or_of_three_are_named(workbook_path: Path) -> None:
    def third_cell(workbook: openpyxl.Workbook) -> None:
        workbook["Plan"].cell(row=3, column=3, value="stray")

    with pytest.raises(PlanFileError, match=r"sheet Plan, row 3: name: holds more than a key"):
        planfile.read_plan_file(edited(workbook_path, third_cell), slug="plan")

    one_column = openpyxl.Workbook()
    sheet = one_column.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(["key"])
    sheet.append(["slug"])
    content = io.BytesIO()
    one_column.save(content)
    # A row of one cell is a key without a value (it was a ValueError, unpacking it).
    with pytest.raises(PlanFileError, match=r"one\.xlsx: sheet Plan: slug: must be lower-case"):
        planfile.spec_from_document(
            planfile.read_workbook(content.getvalue(), file="one.xlsx"), file="one.xlsx"
        )


def test_toml_nested_too_deeply_is_refused_by_name(tmp_path: Path) -> None:
    deep = "a = " + "[" * 10_000 + "]" * 10_000 + "\n"
    path = tmp_path / "deep.toml"
    path.write_text(deep, encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"deep\.toml: file: : is nested too deeply"):
        planfile.read_plan_file(path)
    with pytest.raises(PlanFileError, match=r"up\.toml: file: : is nested too deeply"):
        plans._spec_from_upload("up.toml", deep.encode())
