"""Figures grouped in thousands for the page (crimeplan.core.figures)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.core.figures import grouped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("39857", "39,857"),
        ("54101", "54,101"),
        ("1234567.25", "1,234,567.25"),
        ("-1234.5", "-1,234.5"),
        ("+1000", "+1,000"),
        ("999", "999"),
        ("12.3456", "12.3456"),
        ("0", "0"),
        ("", ""),
        (None, ""),
        ("3m 05s", "3m 05s"),
        ("12.5%", "12.5%"),
        ("1st of 43", "1st of 43"),
        ("1,234", "1,234"),
    ],
)
def test_grouped(text: object, expected: str) -> None:
    assert grouped(text) == expected


@given(st.decimals(places=2, min_value=-(10**12), max_value=10**12))
def test_grouping_only_adds_commas_every_three_digits(value) -> None:  # type: ignore[no-untyped-def]
    text = format(value, "f")
    result = grouped(text)
    assert result.replace(",", "") == text
    whole = result.lstrip("+-").split(".")[0]
    groups = whole.split(",")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(group) == 3 for group in groups[1:])
