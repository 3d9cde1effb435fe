"""The tables commands print or write go through the export module too: a formula in the
data comes out as text, and a plan exported as a workbook reads back with the same titles."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from crimeplan.delivery import planfile
from crimeplan.delivery import services as delivery_services
from crimeplan.performance.tests.factories import example_files

from .spreadsheets import FORMULAS, csv_cells, xlsx_cells
from .test_downloads import (
    HYPERLINK,
    _applications,
    _asb_figures,
    _commissioning_totals,
    _crime_counts,
    _icv_figures,
    _plan,
    _survey_estimates,
)
from .world import World, build_world


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


def _printed(*args: str) -> list:  # type: ignore[type-arg]
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return csv_cells(out.getvalue().encode("utf-8"))


def _no_formula_and_planted(cells: list) -> None:  # type: ignore[type-arg]
    assert not [c.text for c in cells if c.formula]
    assert any(c.text.startswith("'" + HYPERLINK[:40]) for c in cells)


def test_crime_summary(world: World) -> None:
    _crime_counts(world)
    force = settings.CRIMEPLAN_FORCE
    _no_formula_and_planted(_printed("crime_summary", "--force", force, "--by", "crime_type"))


def test_scrutiny_icv_figures(world: World) -> None:
    _icv_figures(world)
    _no_formula_and_planted(_printed("scrutiny", "icv-figures", "--year", "2025"))


def test_asb_reviews_annual_figures(world: World) -> None:
    year = _asb_figures(world).queries[0]["year"]
    _no_formula_and_planted(_printed("asb_reviews", "annual-figures", "--year", year))


def test_commissioning_summary_as_csv_and_as_a_workbook(world: World, tmp_path: Path) -> None:
    _applications(world)
    _commissioning_totals(world)
    _no_formula_and_planted(_printed("commissioning", "summary", "--format", "csv"))
    output = tmp_path / "summary.xlsx"
    call_command("commissioning", "summary", "--format", "xlsx", "--output", str(output))
    cells = xlsx_cells(output.read_bytes())
    assert not [c.text for c in cells if c.formula]
    assert HYPERLINK in {c.text for c in cells if c.kind == "s"}


def test_survey_estimates(world: World) -> None:
    _survey_estimates(world)
    _no_formula_and_planted(_printed("survey", "estimates", "--year", "2025", "--by", "county"))


def test_performance_table(world: World, tmp_path: Path) -> None:
    framework, aggregates, populations = example_files()
    toml = framework.read_text().replace('name = "All Crime"', f"name = {json.dumps(HYPERLINK)}")
    hostile = tmp_path / "framework.toml"
    hostile.write_text(toml)
    cells = _printed(
        "performance",
        "table",
        str(hostile),
        "--data",
        str(aggregates),
        "--populations",
        str(populations),
    )
    _no_formula_and_planted(cells)
    # The published table's figures, negative changes included, are printed as they were.
    assert any(c.text.startswith("-") and not c.formula for c in cells)


def test_a_plan_workbook_keeps_titles_that_begin_like_formulas(world: World) -> None:
    """On e5f123c such a title went into the workbook as a formula, and read back (cached
    values only) as nothing: the plan lost it."""
    plan = _plan(world)
    content = planfile.xlsx_bytes(delivery_services.plan_spec(plan=plan))
    assert not [c.text for c in xlsx_cells(content) if c.formula]
    spec = planfile.spec_from_document(
        planfile.read_workbook(content, file="plan.xlsx"), file="plan.xlsx", slug="again"
    )
    # The reader trims the space around a title; a carriage return is kept in the file as
    # Excel's escape _x000D_, which openpyxl reads as those characters.
    expected = sorted(f.strip() for f in FORMULAS if "\r" not in f)
    assert sorted(a.title for a in spec.actions if "_x000D_" not in a.title) == expected
    milestones = [m.title for a in spec.actions for m in a.milestones]
    assert sorted(m for m in milestones if "_x000D_" not in m) == expected
