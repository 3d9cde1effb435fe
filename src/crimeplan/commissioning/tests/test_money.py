"""Money is whole pence from input to output; the pure rules on eligibility and scores."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.commissioning import eligibility, scoring
from crimeplan.commissioning.periods import financial_year_label, financial_year_of
from crimeplan.core.money import (
    format_pence,
    pence_to_pounds_text,
    percentage_of,
    pounds_to_pence,
)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("1061477", 106147700),
        ("£1,061,477", 106147700),
        ("447404.50", 44740450),
        ("447404.5", 44740450),
        ("0.01", 1),
        (Decimal("507518"), 50751800),
        (12, 1200),
    ],
)
def test_pounds_to_pence(text: str, pence: int) -> None:
    assert pounds_to_pence(text) == pence


@pytest.mark.parametrize("text", ["", "abc", "1.234", "-5", "1e3", "£", "1.2.3", "0x10"])
def test_pounds_to_pence_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        pounds_to_pence(text)


@given(st.integers(min_value=0, max_value=10**15))
def test_pence_round_trip(pence: int) -> None:
    assert pounds_to_pence(pence_to_pounds_text(pence)) == pence
    assert pounds_to_pence(format_pence(pence)) == pence


def test_format_pence() -> None:
    assert format_pence(409364700, whole=True) == "£4,093,647"
    assert format_pence(44740450, whole=True) == "£447,404.50"
    assert format_pence(-150) == "-£1.50"
    assert format_pence(None) == ""


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=0, max_value=100))
def test_percentage_of_is_the_least_that_is_enough(pence: int, percent: int) -> None:
    needed = percentage_of(pence, percent)
    assert needed * 100 >= pence * percent
    assert (needed - 1) * 100 < pence * percent


def test_financial_years() -> None:
    import datetime

    assert financial_year_of(datetime.date(2024, 3, 31)) == 2023
    assert financial_year_of(datetime.date(2024, 4, 1)) == 2024
    assert financial_year_label(2023) == "2023/24"
    assert financial_year_label(1999) == "1999/00"


def test_ineligible_reasons_in_question_order() -> None:
    questions = [
        eligibility.Question("1", "Based in the county?", True, "You must work in the county"),
        eligibility.Question("2", "Are you a political party?", False, "Parties cannot apply"),
        eligibility.Question("3", "Have a bank account?", True, "You need a bank account"),
    ]
    assert eligibility.ineligible_reasons(questions, {"1": True, "2": False, "3": True}) == []
    assert eligibility.ineligible_reasons(questions, {"1": False, "2": True, "3": True}) == [
        "You must work in the county",
        "Parties cannot apply",
    ]
    assert eligibility.ineligible_reasons(questions, {"3": False}) == ["You need a bank account"]


def test_safer_streets_round_2_rules() -> None:
    """Up to £432k a bid, 20% match, cash or in kind (DOMAIN.md)."""
    rules = eligibility.Rules(
        max_amount_pence=432_000_00,
        match_funding_percent=20,
        match_funding_form="either",
        costs_split=False,
    )
    ok = eligibility.rule_errors(
        rules, amount_pence=432_000_00, match_funding_pence=86_400_00, match_funding_form="cash"
    )
    assert ok == {}
    errors = eligibility.rule_errors(
        rules, amount_pence=432_000_01, match_funding_pence=86_400_00, match_funding_form="in_kind"
    )
    assert errors["amount"] == "The amount must be £432,000 or less"
    assert errors["match_funding"] == (
        "Match funding must be at least 20% of the amount asked for, which is £86,400.01"
    )


def test_cash_only_match_and_split_costs() -> None:
    rules = eligibility.Rules(
        max_amount_pence=None, match_funding_percent=50, match_funding_form="cash", costs_split=True
    )
    errors = eligibility.rule_errors(
        rules,
        amount_pence=1000,
        match_funding_pence=500,
        match_funding_form="in_kind",
        labour_pence=600,
        non_labour_pence=300,
    )
    assert set(errors) == {"match_funding_form", "labour"}
    assert "add up" in errors["labour"]


def test_weighted_scores() -> None:
    criteria = [scoring.CriterionWeight(1, 3, 5), scoring.CriterionWeight(2, 1, 5)]
    # (4*3 + 2*1) / (5*3 + 5*1) = 14/20
    assert scoring.weighted_percentage(criteria, {1: 4, 2: 2}) == Decimal("70.00")
    assert scoring.weighted_percentage(criteria, {1: 4}) is None
    assert scoring.panel_mean([Decimal("70"), Decimal("80.01"), None]) == Decimal("75.01")
    assert scoring.panel_mean([None]) is None
