"""The measure kinds beyond counts and percentages (shares, targets, ranks, durations), the
comparators beyond the group, per-measure period notes, and their framework errors."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.performance import framework as fw
from crimeplan.performance import tables
from crimeplan.performance.constants import Aim, MeasureKind, Source, Verdict
from crimeplan.performance.demo import PLAN_UPDATE_TABLES
from crimeplan.performance.engine import (
    AreaFigures,
    Figure,
    Inputs,
    MeasureData,
    Populations,
    compute_table,
    duration_text,
    ordinal,
)
from crimeplan.performance.files import inputs_from_files
from crimeplan.performance.framework import Framework, FrameworkError, Measure, Period

BASELINE = Period("baseline", "2019", datetime.date(2019, 1, 1), datetime.date(2019, 12, 1), 2019)
CURRENT = Period("current", "2023", datetime.date(2023, 1, 1), datetime.date(2023, 12, 1), 2023)


def measure(measure_id: str, kind: MeasureKind, aim: Aim = Aim.REDUCE, **extra) -> Measure:  # type: ignore[no-untyped-def]
    return Measure(measure_id, measure_id.title(), kind, aim, ("P",), Source.AGGREGATES, **extra)


def figures(baseline: str | None, current: str | None) -> AreaFigures:
    return AreaFigures(
        Figure(Decimal(baseline)) if baseline is not None else None,
        Figure(Decimal(current)) if current is not None else None,
    )


def table(measures: tuple[Measure, ...], data: dict[str, MeasureData], **populations):  # type: ignore[no-untyped-def]
    framework = Framework("F", "home", "msg", BASELINE, CURRENT, measures)
    pops = {"home": Populations(100_000, 100_000)} | populations
    return compute_table(framework, Inputs("home", (), pops, data))


# -- shares -----------------------------------------------------------------------------------


SHARES = (
    measure("total", MeasureKind.COUNT),
    measure("part", MeasureKind.SHARE, Aim.MONITOR, share_of="total"),
)


def test_a_share_is_the_part_over_the_total_for_force_and_group() -> None:
    data = {
        "total": MeasureData(figures("2000", "1000"), figures("20000", "10000")),
        "part": MeasureData(figures("800", "350"), figures("2206", "2188")),
    }
    total, part = table(SHARES, data).rows
    extra = part.printed_extra()
    assert (extra["force_share_baseline"], extra["force_share_current"]) == ("40.00", "35.00")
    assert (extra["group_share_baseline"], extra["group_share_current"]) == ("11.03", "21.88")
    assert part.printed()["force_change"] == "-5.00" and part.change_unit.value == "pp"
    assert part.aim_met is None  # no aim
    assert part.test.verdict == Verdict.CHANGE and part.test.p_value is not None
    assert total.printed_extra()["force_share_baseline"] == ""


def test_a_share_with_an_aim_is_judged_by_it() -> None:
    up = (SHARES[0], measure("part", MeasureKind.SHARE, Aim.INCREASE, share_of="total"))
    data = {
        "total": MeasureData(figures("2000", "2000")),
        "part": MeasureData(figures("400", "600")),
    }
    part = table(up, data).rows[1]
    assert part.aim_met is True and part.test.verdict == Verdict.IMPROVEMENT


def test_a_share_of_fractional_counts_is_shown_but_not_tested() -> None:
    data = {
        "total": MeasureData(figures("200.5", "100")),
        "part": MeasureData(figures("80", "35")),
    }
    part = table(SHARES, data).rows[1]
    assert part.printed_extra()["force_share_current"] == "35.00"
    assert part.test.verdict == Verdict.NOT_TESTABLE and "whole counts" in part.test.reason


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=6).filter(lambda parts: sum(parts)))
def test_shares_of_components_that_make_the_total_add_to_100(parts: list[int]) -> None:
    total = sum(parts)
    measures = (
        measure("total", MeasureKind.COUNT),
        *(
            measure(f"p{i}", MeasureKind.SHARE, Aim.MONITOR, share_of="total")
            for i in range(len(parts))
        ),
    )
    data = {"total": MeasureData(figures(str(total), str(total)))} | {
        f"p{i}": MeasureData(figures(str(p), str(p))) for i, p in enumerate(parts)
    }
    rows = table(measures, data).rows[1:]
    exact = sum(
        (row.force.share_current for row in rows if row.force.share_current is not None), Decimal(0)
    )
    assert abs(exact - 100) < Decimal("1e-20")
    printed = sum(Decimal(row.printed_extra()["force_share_current"]) for row in rows)
    assert abs(printed - 100) <= Decimal("0.005") * len(parts)  # each rounded to 2 decimals


# -- targets, ranks, durations ----------------------------------------------------------------


def test_a_target_is_met_by_the_latest_figure_and_not_tested() -> None:
    uplift = measure("uplift", MeasureKind.TARGET, Aim.INCREASE, target=Decimal(153))
    (row,) = table((uplift,), {"uplift": MeasureData(figures("164", "174"))}).rows
    assert row.aim_met is True
    assert row.printed_extra()["target"] == "153"
    assert row.test.verdict == Verdict.NOT_TESTABLE and "not a sample" in row.test.reason
    (short,) = table((uplift,), {"uplift": MeasureData(figures(None, "150"))}).rows
    assert short.aim_met is False


def test_a_rank_improves_as_its_number_falls() -> None:
    rank = measure("rank", MeasureKind.RANK, rank_of=44)
    (row,) = table((rank,), {"rank": MeasureData(figures("22", "19"))}).rows
    assert row.aim_met is True and row.test.verdict == Verdict.NOT_TESTABLE
    report = tables.report_row(row)
    assert (
        report.cells["force_baseline"] == "22nd of 44"
        and report.cells["force_current"] == "19th of 44"
    )
    (once,) = table((rank,), {"rank": MeasureData(figures(None, "22"))}).rows
    assert once.aim_met is None
    assert "only one rank" in tables.report_row(once).aim_met_reason


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (43, "43rd"),
        (44, "44th"),
    ],
)
def test_ordinals(number: int, text: str) -> None:
    assert ordinal(number) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        ("9", "9 s"),
        ("9.5", "10 s"),
        ("59.4", "59 s"),
        ("60", "1 min 00 s"),
        ("65", "1 min 05 s"),
        ("125.5", "2 min 06 s"),
        ("0", "0 s"),
    ],
)
def test_durations_print_as_minutes_and_seconds(seconds: str, text: str) -> None:
    assert duration_text(Decimal(seconds)) == text


def test_a_duration_row() -> None:
    answer = measure("answer", MeasureKind.DURATION)
    (row,) = table((answer,), {"answer": MeasureData(figures("65", "9"))}).rows
    printed = row.printed()
    assert (printed["force_baseline"], printed["force_current"]) == ("1 min 05 s", "9 s")
    assert printed["force_change"] == "-56 s" and printed["change_unit"] == "s"
    assert row.aim_met is True and row.test.verdict == Verdict.NOT_TESTABLE
    assert "without its spread" in row.test.reason


@given(st.integers(0, 10**6))
def test_a_duration_reads_back_as_its_seconds(seconds: int) -> None:
    text = duration_text(Decimal(seconds))
    if " min " in text:
        minutes, rest = text.removesuffix(" s").split(" min ")
        assert int(minutes) * 60 + int(rest) == seconds and len(rest) == 2
    else:
        assert text == f"{seconds} s" and seconds < 60


# -- comparators and period notes -------------------------------------------------------------


def test_region_and_england_and_wales_are_shown_beside_the_force() -> None:
    crime = measure("crime", MeasureKind.COUNT, period_note="year ending March 2023")
    data = {
        "crime": MeasureData(
            figures("1000", "900"),
            comparators={
                "region": figures("5000", "5500"),
                "england-and-wales": figures("60000", "54000"),
            },
        )
    }
    result = table(
        (crime,),
        data,
        region=Populations(1_000_000, 1_100_000),
        **{"england-and-wales": Populations(60_000_000, 60_000_000)},
    )
    (row,) = result.rows
    extra = row.printed_extra()
    assert (extra["region_rate_baseline"], extra["region_rate_current"]) == ("5.000", "5.000")
    assert extra["england_and_wales_rate_current"] == "0.900"
    assert extra["england_and_wales_change"] == "-10.00"
    assert extra["period_note"] == "year ending March 2023"
    report = tables.report_table_from(result)
    headings = [c.heading for c in report.columns]
    assert "Rate per 1,000: Region" in headings and "Change: England and Wales" in headings
    assert report.rows[0].cells["england_and_wales_current"] == "0.900"


def test_the_constabulary_table_from_its_reference_files() -> None:
    toml, files, _ = PLAN_UPDATE_TABLES["gloucestershire-2021-25-constabulary"]
    framework = fw.loads(toml.read_text(encoding="utf-8"))
    found = inputs_from_files(framework, list(files), [])
    report = tables.report_table_from(compute_table(framework, found.inputs))
    uplift, answered, mean = report.rows
    assert (uplift.cells["force_baseline"], uplift.cells["force_current"]) == ("164", "174")
    assert uplift.cells["target"] == "153" and uplift.aim_met == "Yes"
    assert "target is a fixed figure" in uplift.verdict_reason
    assert answered.cells["force_current"] == "22nd of 44" and answered.period_note == "August 2023"
    assert mean.cells["force_current"] == "19th of 44" and mean.aim == "Improve (1 = best)"
    assert answered.verdict == mean.verdict == "not testable"
    assert [c.heading for c in report.columns] == [
        "Figure: force",
        "Figure: group",
        "Figure: force",
        "Figure: group",
        "Target",
    ]


# -- framework errors -------------------------------------------------------------------------

VALID = """
name = "Plan"
force = "gloucestershire"
source = "ONS"
notes = ["A note."]

[periods.baseline]
label = "2019"
start = "2019-01"
end = "2019-12"
population_year = 2019

[periods.current]
label = "2023"
start = "2023-01"
end = "2023-12"
population_year = 2023

[[measures]]
id = "asb"
name = "ASB"
kind = "count"
aim = "reduce"
priorities = []
source = "aggregates"

[[measures]]
id = "asb-personal"
name = "Personal"
kind = "share"
share_of = "asb"
aim = "monitor"
priorities = []
source = "aggregates"
period_note = "year ending March 2023"
section = "Part 1"

[[measures]]
id = "uplift"
name = "Uplift"
kind = "target"
target = 153
aim = "increase"
priorities = []
source = "aggregates"

[[measures]]
id = "rank"
name = "Rank"
kind = "rank"
rank_of = 44
priorities = []
source = "aggregates"

[[measures]]
id = "answer"
name = "Median answer time"
kind = "duration"
aim = "reduce"
priorities = []
source = "aggregates"
"""


def test_the_new_keys_read_and_write_back() -> None:
    framework = fw.loads(VALID)
    share, uplift, rank = framework.measures[1:4]
    assert share.share_of == "asb" and share.aim is Aim.MONITOR and share.section == "Part 1"
    assert uplift.target == Decimal(153) and rank.rank_of == 44 and rank.aim is Aim.REDUCE
    assert framework.source == "ONS" and framework.notes == ("A note.",)
    assert fw.loads(fw.dumps(framework)) == framework


RANK_FROM_POLICE_UK = (
    'rank_of = 44\npriorities = []\nsource = "police.uk"\npolice_uk_crime_types = ["Burglary"]'
)


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            ('share_of = "asb"', 'share_of = "crime"'),
            "measures[2].share_of",
            "'crime' is not a measure",
        ),
        (('share_of = "asb"\n', ""), "measures[2].share_of", "missing"),
        (
            ('share_of = "asb"', 'share_of = "uplift"'),
            "measures[2].share_of",
            "not a count measure",
        ),
        (('aim = "monitor"', 'aim = "watch"'), "measures[2].aim", "reduce | increase | monitor"),
        (
            ('target = 153\naim = "increase"', 'target = 153\naim = "monitor"'),
            "measures[3].aim",
            "is not one of reduce | increase",
        ),
        (("target = 153\n", ""), "measures[3].target", "missing: a target measure needs"),
        (("target = 153", 'target = "many"'), "measures[3].target", "is not a number"),
        (("target = 153", "target = -1"), "measures[3].target", "negative"),
        (("rank_of = 44", "rank_of = 1"), "measures[4].rank_of", "not between 2 and 100"),
        (("rank_of = 44\n", ""), "measures[4].rank_of", "missing"),
        (
            ("rank_of = 44", 'rank_of = 44\naim = "increase"'),
            "measures[4].aim",
            "a rank improves as its number falls",
        ),
        (
            ('kind = "count"', 'kind = "count"\ntarget = 3'),
            "measures[1].target",
            "only used when kind = 'target'",
        ),
        (
            ('kind = "duration"', 'kind = "duration"\nrate_decimals = 1'),
            "measures[5].rate_decimals",
            "a duration measure has no rate",
        ),
        (
            ('kind = "duration"', 'kind = "duration"\nvalue_decimals = 1'),
            "measures[5].value_decimals",
            "only percentage, share and target",
        ),
        (
            ('rank_of = 44\npriorities = []\nsource = "aggregates"', RANK_FROM_POLICE_UK),
            "measures[4].source",
            "a rank measure comes from the aggregated-data template",
        ),
        (
            ('period_note = "year ending March 2023"', "period_note = 2023"),
            "measures[2].period_note",
            "is not text",
        ),
        (('notes = ["A note."]', 'notes = "A note."'), "notes", "give a list of text values"),
    ],
)
def test_mistakes_in_the_new_keys_name_their_key(
    change: tuple[str, str], key: str, message: str
) -> None:
    assert change[0] in VALID
    with pytest.raises(FrameworkError) as raised:
        fw.loads(VALID.replace(change[0], change[1], 1))
    assert raised.value.key == key
    assert message in raised.value.message
