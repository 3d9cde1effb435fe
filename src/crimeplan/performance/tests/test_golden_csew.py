"""The published Crime Survey for England and Wales table (plan update 2023/24), both parts,
reproduced figure by figure from the reference template files; then from the stored data."""

import csv

import pytest

from crimeplan.crime_data import aggregates
from crimeplan.performance import framework as fw
from crimeplan.performance import services, tables
from crimeplan.performance.demo import PLAN_UPDATE, PLAN_UPDATE_TABLES
from crimeplan.performance.engine import compute_table
from crimeplan.performance.files import inputs_from_files

SLUG = "gloucestershire-2021-25-csew"
TOML, FILES, _ = PLAN_UPDATE_TABLES[SLUG]
CELLS = {
    # our cell: the published column
    "force_baseline": "force_baseline",
    "group_baseline": "msg_baseline",
    "force_current": "force_current",
    "group_current": "msg_current",
    "force_change": "force_difference",
    "group_change": "msg_difference",
}


def published() -> list[dict[str, str]]:
    with (PLAN_UPDATE / "csew-published.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def computed() -> tables.ReportTable:
    framework = fw.loads(TOML.read_text(encoding="utf-8"))
    found = inputs_from_files(framework, list(FILES), [])
    return tables.report_table_from(compute_table(framework, found.inputs), slug=SLUG)


def check_every_printed_figure(table: tables.ReportTable) -> int:
    expected_rows = published()
    assert [r.measure for r in table.rows] == [e["measure"] for e in expected_rows]
    assert len(table.rows) == 17
    compared = 0
    for row, expected in zip(table.rows, expected_rows, strict=True):
        for ours, theirs in CELLS.items():
            assert row.cells[ours] == expected[theirs], (row.measure, ours)
            compared += 1
        assert row.aim == expected["aim"]
        assert row.aim_met == expected["aim_achieved"], row.measure
        assert " ".join(row.priorities) == expected["priorities"], row.measure
        assert row.section == expected["section"]
        assert row.period_note == expected["period_note"]
        compared += 5
    return compared


def test_every_printed_figure_of_both_parts() -> None:
    assert check_every_printed_figure(computed()) == 17 * 11


def test_every_row_says_why_it_cannot_be_tested() -> None:
    table = computed()
    assert table.sections == ("Crime Survey for England and Wales", "Constabulary related measures")
    for row in table.rows:
        assert row.verdict == "not testable"
        assert "sample sizes are not known" in row.verdict_reason
    assert [c.heading for c in table.columns][:2] == ["%: force", "%: group"]
    assert any("sample sizes" in note for note in table.notes)
    # No population note: a table of percentages has no rates.
    assert not any("population" in note for note in table.notes)


def test_rows_whose_data_period_differs_say_so() -> None:
    noted = [r.measure for r in computed().rows if r.period_note]
    assert noted == [
        "Percentage witnessed / experienced drink related ASB",
        "Percentage witnessed / experienced groups hanging around on the streets",
    ]


@pytest.mark.django_db
def test_the_stored_data_gives_the_same_table(reference: None) -> None:
    aggregates.run(paths=list(FILES), force_id="gloucestershire")
    services.framework_save(actor=None, slug=SLUG, toml=TOML.read_text(encoding="utf-8"))
    assert check_every_printed_figure(tables.report_table(SLUG)) == 17 * 11
