"""The engine's rules, one by one: rounding, aim, group sums, percentages, rank and outliers."""

import datetime
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from crimeplan.performance.constants import Aim, MeasureKind, Outlier, Source, Verdict
from crimeplan.performance.engine import (
    AreaFigures,
    Figure,
    Inputs,
    MeasureData,
    Populations,
    aim_met,
    compute_table,
    fixed,
    group_rates,
)
from crimeplan.performance.framework import Framework, Measure, Period

BASELINE = Period("baseline", "2019", datetime.date(2019, 1, 1), datetime.date(2019, 12, 1), 2019)
CURRENT = Period("current", "2023", datetime.date(2023, 1, 1), datetime.date(2023, 12, 1), 2023)


def measure(kind: MeasureKind = MeasureKind.COUNT, aim: Aim = Aim.REDUCE, **extra) -> Measure:  # type: ignore[no-untyped-def]
    return Measure("m", "M", kind, aim, ("P",), Source.AGGREGATES, **extra)


def framework(m: Measure, group: str | tuple[str, ...] = "msg") -> Framework:
    return Framework("F", "home", group, BASELINE, CURRENT, (m,))


def figures(baseline: str, current: str, base: int | None = None) -> AreaFigures:
    return AreaFigures(Figure(Decimal(baseline), base), Figure(Decimal(current), base))


@given(st.integers(-(10**9), 10**9), st.integers(1, 10**6), st.integers(0, 6))
def test_half_up_rounding_of_exact_values(numerator: int, denominator: int, places: int) -> None:
    value = Decimal(numerator) / Decimal(denominator)
    exact = Fraction(numerator, denominator) * 10**places
    sign = -1 if exact < 0 else 1
    magnitude = abs(exact)
    rounded = int(magnitude) + (1 if magnitude - int(magnitude) >= Fraction(1, 2) else 0)
    # Decimal division is exact to 28 digits; compare where that cannot matter.
    if abs(Fraction(value) * 10**places - exact) < Fraction(1, 10**12):
        frac = abs(exact - int(exact))
        if abs(frac - Fraction(1, 2)) > Fraction(1, 10**9):
            assert Decimal(fixed(value, places)) == Decimal(sign * rounded).scaleb(-places)


def test_halves_round_up_not_to_even() -> None:
    assert fixed(Decimal("0.0125"), 3) == "0.013"
    assert fixed(Decimal("2.5"), 0) == "3"
    assert fixed(Decimal("-2.5"), 0) == "-3"
    assert fixed(Decimal("-0.0004"), 3) == "0.000"


def test_group_rates_lowest_first_leaving_out_areas_without_a_population() -> None:
    inputs = Inputs(
        force="home",
        members=("a", "b", "c"),
        populations={
            "home": Populations(1, 100_000),
            "a": Populations(1, 200_000),
            "c": Populations(1, 0),
        },
        data={
            "m": MeasureData(
                force=figures("1", "900"),
                members={
                    "a": figures("1", "420"),
                    "b": figures("1", "90"),
                    "c": figures("1", "60"),
                },
            )
        },
    )
    rates = group_rates(inputs, "m")
    assert [(r.area, r.rate, r.home) for r in rates] == [
        ("a", Decimal("2.1"), False),  # 420 per 200,000
        ("home", Decimal("9"), True),
    ]  # b has no population, c a population of 0: neither has a rate
    assert group_rates(inputs, "other") == []


def test_no_change_is_not_meeting_the_aim() -> None:
    assert aim_met(Aim.REDUCE, Decimal(5), Decimal(5)) is False
    assert aim_met(Aim.INCREASE, Decimal(5), Decimal(5)) is False
    assert aim_met(Aim.REDUCE, Decimal(5), Decimal(4)) is True
    assert aim_met(Aim.INCREASE, Decimal(5), None) is None


def test_group_is_the_sum_of_its_members_and_the_force_is_ranked_among_them() -> None:
    m = measure()
    members = ("a", "b", "c")
    inputs = Inputs(
        force="home",
        members=members,
        populations={
            "home": Populations(100_000, 100_000),
            "a": Populations(200_000, 200_000),
            "b": Populations(100_000, 100_000),
            "c": Populations(100_000, 100_000),
        },
        data={
            "m": MeasureData(
                force=figures("500", "900"),
                members={
                    "a": figures("400", "420"),
                    "b": figures("100", "90"),
                    "c": figures("50", "60"),
                },
            )
        },
    )
    row = compute_table(framework(m, members), inputs).rows[0]
    assert row.group_basis == "sum of 3 member forces"
    assert row.group is not None
    assert (row.group.baseline, row.group.current) == (Decimal(550), Decimal(570))
    assert row.printed()["group_rate_current"] == "1.425"  # 570 / 400,000 times 1,000
    assert row.standing is not None
    assert (row.standing.rank, row.standing.of) == (4, 4)  # highest rate, aim is to reduce
    assert row.standing.outlier == Outlier.HIGH
    assert row.test.verdict == Verdict.DETERIORATION


def test_the_group_figure_is_used_when_members_are_missing() -> None:
    m = measure(rate_decimals=2, change_decimals=2)
    inputs = Inputs(
        "home",
        ("a",),
        {"home": Populations(1000, 1000), "msg": Populations(8000, 8000)},
        {"m": MeasureData(force=figures("12", "10"), group=figures("80", "88"))},
    )
    row = compute_table(framework(m), inputs).rows[0]
    printed = row.printed()
    assert row.group_basis == "group figure (msg)"
    assert (printed["force_rate_baseline"], printed["force_rate_current"]) == ("12.00", "10.00")
    assert printed["force_rate_change"] == "-2.00"
    assert printed["force_change"] == "-16.67"  # change_decimals = 2 for the force too
    assert printed["group_rate_change"] == "1.00"
    assert row.standing is None


def test_percentages_change_in_points_and_are_tested_with_sample_sizes() -> None:
    m = measure(MeasureKind.PERCENTAGE, Aim.INCREASE)
    inputs = Inputs("home", (), {}, {"m": MeasureData(force=figures("50", "60", 2000))})
    row = compute_table(framework(m), inputs).rows[0]
    printed = row.printed()
    assert (printed["force_change"], printed["change_unit"]) == ("10.0", "pp")
    assert printed["force_rate_baseline"] == ""
    assert row.test.verdict == Verdict.IMPROVEMENT
    assert row.test.p_value is not None and row.test.p_value < 1e-6
    untested = Inputs("home", (), {}, {"m": MeasureData(force=figures("50", "60"))})
    assert compute_table(framework(m), untested).rows[0].test.verdict == Verdict.NOT_TESTABLE


def test_missing_figures_leave_cells_blank_not_zero() -> None:
    row = compute_table(framework(measure()), Inputs("home", (), {}, {})).rows[0]
    printed = row.printed()
    assert printed["force_baseline"] == "" and printed["aim_met"] == ""
    assert row.test.verdict == Verdict.NOT_TESTABLE
