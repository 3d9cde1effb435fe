"""The published anti-social behaviour row (plan update 2023/24), reproduced figure by figure
from the reference template files, shares included; then the same from the stored data."""

import csv
from decimal import Decimal

import pytest

from crimeplan.crime_data import aggregates
from crimeplan.performance import framework as fw
from crimeplan.performance import services, tables
from crimeplan.performance.demo import PLAN_UPDATE, PLAN_UPDATE_TABLES
from crimeplan.performance.engine import compute_table
from crimeplan.performance.files import inputs_from_files

SLUG = "gloucestershire-2021-25-asb"
TOML, FILES, _ = PLAN_UPDATE_TABLES[SLUG]
# The published current rate is printed "15" among rates printed to two decimals: the
# figure is 15.00, so the table prints "15.00" and the test checks the value, not the typo.
PRINTED_DEFECTS = {("anti-social-behaviour", "force_rate_current"): ("15", "15.00")}


def published() -> dict[str, dict[str, str]]:
    with (PLAN_UPDATE / "asb-published.csv").open(newline="", encoding="utf-8") as handle:
        return {row["measure"]: row for row in csv.DictReader(handle)}


def computed() -> tables.ReportTable:
    framework = fw.loads(TOML.read_text(encoding="utf-8"))
    data = [p for p in FILES if "aggregates" in p.name]
    populations = [p for p in FILES if "populations" in p.name]
    found = inputs_from_files(framework, data, populations)
    return tables.report_table_from(compute_table(framework, found.inputs), slug=SLUG)


def expect(measure: str, column: str, published_text: str) -> str:
    """The figure the table must print where the published one was a typo."""
    typo, corrected = PRINTED_DEFECTS.get((measure, column), (None, None))
    if typo is not None and published_text == typo:
        assert Decimal(typo) == Decimal(corrected)  # the same number, printed badly
        return corrected
    return published_text


# our cell: the published column
TOTAL_CELLS = {
    "force_baseline": "force_count_baseline",
    "force_rate_baseline": "force_rate_baseline",
    "group_rate_baseline": "msg_rate_baseline",
    "force_current": "force_count_current",
    "force_difference": "force_count_difference",
    "force_rate_current": "force_rate_current",
    "group_rate_current": "msg_rate_current",
    "force_change": "force_volume_change",
    "group_change": "msg_volume_change",
    "force_rate_change": "force_rate_change",
    "group_rate_change": "msg_rate_change",
}
SHARE_CELLS = {
    "force_baseline": "force_share_baseline",
    "group_baseline": "msg_share_baseline",
    "force_current": "force_share_current",
    "group_current": "msg_share_current",
}


def check_every_printed_figure(table: tables.ReportTable) -> int:
    rows = published()
    (total,) = table.rows  # the shares are printed under the total, not as rows
    expected = rows[total.measure_id]
    compared = 0
    for ours, theirs in TOTAL_CELLS.items():
        assert total.cells[ours] == expect(total.measure_id, ours, expected[theirs]), ours
        compared += 1
    assert total.aim == "Reduce" and total.aim_met == expected["aim_achieved"]
    assert " ".join(total.priorities) == expected["priorities"]
    compared += 2
    assert [s.measure_id for s in total.shares] == [
        "asb-personal",
        "asb-environmental",
        "asb-nuisance",
    ]
    for share in total.shares:
        for ours, theirs in SHARE_CELLS.items():
            assert getattr(share, ours) == rows[share.measure_id][theirs], (share.name, ours)
            compared += 1
    return compared


def test_every_printed_figure_of_the_asb_row() -> None:
    assert check_every_printed_figure(computed()) == 11 + 2 + 3 * 4


def test_the_shares_of_each_area_and_period_add_up() -> None:
    (total,) = computed().rows
    for part in ("force_baseline", "group_baseline", "force_current", "group_current"):
        shares = [Decimal(getattr(s, part).rstrip("%")) for s in total.shares]
        # Printed to 2 decimals, each share is within 0.005 of its exact value.
        assert abs(sum(shares) - 100) <= Decimal("0.015"), part


def test_what_the_published_row_could_not_say() -> None:
    table = computed()
    (total,) = table.rows
    # 18,304 → 9,436 incidents is far beyond chance.
    assert total.verdict == "significant improvement" and total.p_value == "0"
    nuisance = total.shares[2]
    assert nuisance.name == "Nuisance" and nuisance.force_change == "2.99"
    assert nuisance.verdict == "significant change"  # a share with no aim
    assert any("Nuisance:" in note for note in table.notes)
    assert any("2018 population (633,558)" in note for note in table.notes)


@pytest.mark.django_db
def test_the_stored_data_gives_the_same_row(reference: None) -> None:
    aggregates.run(paths=list(FILES), force_id="gloucestershire")
    services.framework_save(actor=None, slug=SLUG, toml=TOML.read_text(encoding="utf-8"))
    table = tables.report_table(SLUG)
    assert check_every_printed_figure(table) == 25
    assert table.title == "Anti-social behaviour" and table.version == 1
    assert table.baseline_label == "April 2019 to March 2020"
    headings = [c.heading for c in table.columns]
    assert "Rate per 1,000: group" in headings and "Difference in number: force" in headings
