"""The compliance figures: Wilson intervals, the test of chance and its verdicts."""

import math

from hypothesis import given
from hypothesis import strategies as st

from .. import figures
from ..figures import ALL_AGENCIES, NOT_ENOUGH, Count, compliance_rows, rate


@given(
    st.integers(min_value=1, max_value=100_000).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))
    )
)
def test_the_rate_is_within_its_interval(counts: tuple[int, int]) -> None:
    eligible, complied = counts
    found = rate(eligible, complied)
    assert found.low is not None and found.high is not None and found.rate is not None
    assert 0 <= found.low <= found.rate <= found.high <= 1


def test_golden_wilson_interval_by_hand() -> None:
    # 8 of 10, z = 1.959964: centre (0.8 + z²/20) / (1 + z²/10), half-width
    # z / (1 + z²/10) * sqrt(0.8 * 0.2 / 10 + z²/400).
    z = 1.959963984540054
    centre = (0.8 + z * z / 20) / (1 + z * z / 10)
    half = z / (1 + z * z / 10) * math.sqrt(0.016 + z * z / 400)
    found = rate(10, 8)
    assert math.isclose(found.low, centre - half, abs_tol=1e-9)  # type: ignore[arg-type]
    assert math.isclose(found.high, centre + half, abs_tol=1e-9)  # type: ignore[arg-type]
    assert round(found.low, 4) == 0.4902 and round(found.high, 4) == 0.9433  # type: ignore[arg-type]


def test_golden_change_and_verdicts() -> None:
    rows = compliance_rows(
        [Count("r01", "A", 100, 90), Count("r01", "B", 10, 8), Count("r02", "A", 100, 71)],
        [Count("r01", "A", 100, 70), Count("r01", "C", 50, 10), Count("r02", "A", 100, 70)],
        min_base=20,
    )
    by = {(r.right, r.agency): r for r in rows}
    assert [(r.right, r.agency) for r in rows] == [
        ("r01", ALL_AGENCIES),
        ("r01", "A"),
        ("r01", "B"),
        ("r02", ALL_AGENCIES),
        ("r02", "A"),
    ]
    total = by[("r01", ALL_AGENCIES)]
    # All agencies: 98 of 110 now; compared on agency A only (the one that returned both times).
    assert (total.current.eligible, total.current.complied) == (110, 98)
    assert (total.previous.eligible, total.previous.complied) == (100, 70)  # type: ignore[union-attr]
    # 90/100 against 70/100: pooled p = 0.8, z = 0.2 / sqrt(0.8 * 0.2 * 2/100 * 200/199).
    z = 0.2 / math.sqrt(0.8 * 0.2 * 0.02 * 200 / 199)
    p_value = math.erfc(z / math.sqrt(2))
    assert math.isclose(by[("r01", "A")].p_value, p_value, rel_tol=1e-6)  # type: ignore[arg-type]
    assert by[("r01", "A")].verdict == "significant improvement"
    assert math.isclose(by[("r01", "A")].change_points, 20.0)  # type: ignore[arg-type]
    assert by[("r01", "B")].verdict == figures.NO_PREVIOUS
    assert by[("r02", "A")].verdict == "no significant change"


def test_a_small_base_is_not_enough_to_say() -> None:
    (total, row) = compliance_rows(
        [Count("r01", "A", 19, 19)], [Count("r01", "A", 50, 10)], min_base=20
    )
    assert row.verdict == total.verdict == NOT_ENOUGH and row.p_value is None


def test_a_fall_is_a_deterioration() -> None:
    rows = compliance_rows(
        [Count("r01", "A", 200, 100)], [Count("r01", "A", 200, 160)], min_base=20
    )
    assert rows[1].verdict == "significant deterioration"
