"""XmR limits and the four Making Data Count rules, on series built to show each one."""

import datetime
import io
import itertools
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.performance.constants import Aim, Assurance, PointType, Rule
from crimeplan.performance.spc import SeriesError, next_month, xmr


def months(n: int, start: datetime.date = datetime.date(2020, 1, 1)) -> list[datetime.date]:
    out = [start]
    while len(out) < n:
        out.append(next_month(out[-1]))
    return out


def series(values: list[float]) -> tuple[list[datetime.date], list[Decimal]]:
    return months(len(values)), [Decimal(str(v)) for v in values]


# Alternating values: no run, no trend; mean 10, every moving range 2.
FLAT = [9, 11] * 10


def test_limits_from_the_average_moving_range() -> None:
    result = xmr(*series(FLAT), aim=Aim.REDUCE)
    point = result.points[0]
    assert point.mean == 10
    assert point.lower_limit == Decimal("10") - Decimal("2.66") * 2
    assert point.upper_limit == Decimal("10") + Decimal("2.66") * 2
    assert all(p.point_type == PointType.COMMON_CAUSE for p in result.points)
    assert result.warnings == ()


def test_large_moving_ranges_are_screened_before_the_limits() -> None:
    values = [*FLAT, 40, 10]  # ranges 29 and 30 are far above 3.267 times the average
    result = xmr(*series(values), aim=Aim.REDUCE)
    raw = [abs(b - a) for a, b in itertools.pairwise(values)]
    average = sum(raw) / len(raw)
    kept = [r for r in raw if r < 3.267 * average]
    expected_amr = sum(kept) / len(kept)
    mean = sum(values) / len(values)
    p = result.points[0]
    assert float(p.upper_limit) == pytest.approx(mean + 2.66 * expected_amr, abs=1e-12)
    assert result.points[-2].rules == (Rule.OUTSIDE_LIMITS,)
    assert result.points[-2].point_type == PointType.CONCERN  # high, and the aim is to reduce


def test_a_shift_of_seven_points_below_the_mean_is_improvement_when_reducing() -> None:
    values = [9, 13] * 5 + [8, 9, 8, 9, 8, 9, 8] + [13, 9]
    result = xmr(*series(values), aim=Aim.REDUCE)
    flagged = [i for i, p in enumerate(result.points) if Rule.SHIFT in p.rules]
    assert flagged == list(range(10, 17))
    assert {result.points[i].point_type for i in flagged} == {PointType.IMPROVEMENT}


def test_a_trend_is_seven_points_each_rising() -> None:
    values = [8, 12] * 5 + [5, 6, 7, 8, 9, 10, 11] + [8, 12]
    result = xmr(*series(values), aim=Aim.INCREASE)
    flagged = [i for i, p in enumerate(result.points) if Rule.TREND in p.rules]
    assert flagged == list(range(10, 17))
    six = [8, 12] * 5 + [5, 6, 7, 8, 9, 10] + [8, 12]
    assert not any(Rule.TREND in p.rules for p in xmr(*series(six), aim=Aim.INCREASE).points)


def test_two_of_three_close_to_the_same_limit() -> None:
    # mean 10.565, amr 2.663: "close" is above 15.29 and below the limit 17.65.
    values = [9, 11] * 8 + [15.5, 11, 15.8, 9]
    result = xmr(*series(values), aim=Aim.INCREASE)
    close_points = [i for i, p in enumerate(result.points) if Rule.TWO_OF_THREE in p.rules]
    assert close_points == [16, 18]  # the middle point is above the mean but not close
    assert result.points[16].point_type == PointType.IMPROVEMENT


def test_rebasing_starts_new_limits_and_fixing_uses_the_first_points() -> None:
    values = [9, 11] * 6 + [19, 21] * 6
    m, v = series(values)
    result = xmr(m, v, aim=Aim.REDUCE, rebase=[m[12]], fix_after=4)
    assert result.points[0].mean == 10 and result.points[12].mean == 20
    assert {p.segment for p in result.points} == {0, 1}
    assert len(result.warnings) == 2  # 4 points each: fewer than 12


def test_target_assurance() -> None:
    m, v = series(FLAT)
    assert xmr(m, v, aim=Aim.REDUCE, target=Decimal(20)).assurance == Assurance.PASS
    assert xmr(m, v, aim=Aim.INCREASE, target=Decimal(20)).assurance == Assurance.FAIL
    assert xmr(m, v, aim=Aim.REDUCE, target=Decimal(10)).assurance == Assurance.INCONSISTENT


def test_gaps_and_unknown_rebase_months_are_refused() -> None:
    m, v = series(FLAT)
    with pytest.raises(SeriesError, match="consecutive"):
        xmr([*m[:3], *m[4:]], v[:-1], aim=Aim.REDUCE)
    with pytest.raises(SeriesError, match="rebase month 2030-01"):
        xmr(m, v, aim=Aim.REDUCE, rebase=[datetime.date(2030, 1, 1)])


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=60))
def test_limits_bracket_the_mean_and_flags_agree_with_the_limits(values: list[int]) -> None:
    result = xmr(*series(values), aim=Aim.REDUCE)
    for p in result.points:
        assert p.lower_limit <= p.mean <= p.upper_limit
        outside = p.value < p.lower_limit or p.value > p.upper_limit
        assert (Rule.OUTSIDE_LIMITS in p.rules) == outside
        assert (p.point_type == PointType.COMMON_CAUSE) == (not p.rules)


def write_series(tmp_path, values: list[float]):  # type: ignore[no-untyped-def]
    path = tmp_path / "series.csv"
    m, v = series(values)
    path.write_text(
        "month,value\n" + "".join(f"{a:%Y-%m},{b}\n" for a, b in zip(m, v, strict=True))
    )
    return path


def test_the_command_prints_one_row_per_month(tmp_path) -> None:  # type: ignore[no-untyped-def]
    values = [9, 13] * 5 + [8, 9, 8, 9, 8, 9, 8] + [13, 9]
    out = io.StringIO()
    call_command(
        "performance",
        "spc",
        str(write_series(tmp_path, values)),
        "--aim",
        "reduce",
        stdout=out,
        stderr=io.StringIO(),
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "month,value,mean,lower_limit,upper_limit,rule,point_type"
    assert len(lines) == 1 + len(values)
    assert lines[11].split(",")[-2:] == ["shift", "improvement"]
    out = io.StringIO()
    call_command(
        "performance",
        "spc",
        str(write_series(tmp_path, values)),
        "--aim",
        "reduce",
        "--target",
        "30",
        "--format",
        "json",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert json.loads(out.getvalue())["assurance"] == "pass"


def test_the_command_names_the_bad_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "series.csv"
    path.write_text("month,value\n2020-01,4\n2020-13,5\n")
    with pytest.raises(CommandError, match=r"series.csv, line 3, field 'month': '2020-13'"):
        call_command("performance", "spc", str(path), "--aim", "reduce")
