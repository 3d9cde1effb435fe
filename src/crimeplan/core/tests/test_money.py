"""Money is whole pence from what is typed to what is printed: one parser, one printer, one
template filter, and every printed amount reads back as the pence it was."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from hypothesis import given
from hypothesis import strategies as st

from crimeplan.core.money import (
    format_pence,
    pence_to_pounds,
    pence_to_pounds_text,
    percentage_of,
    pounds_to_pence,
)

PENCE = st.integers(min_value=0, max_value=10**15)


@given(PENCE, st.booleans())
def test_every_printed_amount_reads_back_as_its_pence(pence: int, whole: bool) -> None:
    assert pounds_to_pence(format_pence(pence, whole=whole)) == pence
    assert pounds_to_pence(pence_to_pounds_text(pence)) == pence


@given(st.integers(min_value=0, max_value=10**13))
def test_the_number_written_to_a_file_reads_back_as_its_pence(pence: int) -> None:
    number = pence_to_pounds(pence)
    assert pounds_to_pence(number) == pence
    assert pounds_to_pence(str(number)) == pence
    assert pounds_to_pence(Decimal(str(number))) == pence


@given(PENCE, st.booleans())
def test_pence_are_printed_always_or_only_when_there_are_some(pence: int, whole: bool) -> None:
    printed = format_pence(pence, whole=whole)
    assert printed.startswith("£")
    shows_pence = "." in printed
    assert shows_pence == (not whole or pence % 100 != 0)
    if shows_pence:
        assert len(printed.rsplit(".", 1)[1]) == 2


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=3, max_value=6))
def test_more_than_two_decimal_places_are_refused(pounds: int, places: int) -> None:
    text = f"{pounds}.{'1' * places}"
    with pytest.raises(ValueError, match="is not an amount in pounds, as it has more than two"):
        pounds_to_pence(text)
    with pytest.raises(ValueError, match="more than two decimal places"):
        pounds_to_pence(Decimal(text))


@given(st.integers(min_value=1, max_value=10**12))
def test_amounts_below_zero_are_refused(pence: int) -> None:
    for amount in (-pence, f"-{pence}", f"-£{pence}", Decimal(-pence) / 100, -pence / 100):
        with pytest.raises(ValueError, match="is not an amount in pounds, as it is below zero"):
            pounds_to_pence(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "pence"),
    [
        ("1061477", 106147700),
        ("£1,061,477", 106147700),
        (" £ 1,061,477.50 ", 106147750),
        ("447404.5", 44740450),
        ("0.01", 1),
        ("0", 0),
        (12, 1200),
        (0, 0),
        (447404.5, 44740450),
        (100000.0, 10000000),
        (Decimal("507518"), 50751800),
        (Decimal("1E+3"), 100000),
    ],
)
def test_pounds_as_people_write_them_and_files_hold_them(amount: object, pence: int) -> None:
    assert pounds_to_pence(amount) == pence  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "amount",
    [
        "",
        "£",
        "abc",
        "1e3",
        "+5",
        "0x10",
        "1.2.3",
        ".5",
        "1.",
        "1_000",
        "١٢",  # digits, but not 0-9
        "12£",
        True,
        False,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        None,
        [12],
    ],
)
def test_what_is_not_an_amount_is_refused_saying_so(amount: object) -> None:
    with pytest.raises(ValueError, match="is not an amount in pounds"):
        pounds_to_pence(amount)  # type: ignore[arg-type]


def test_printing() -> None:
    assert format_pence(409364700) == "£4,093,647.00"
    assert format_pence(409364700, whole=True) == "£4,093,647"
    assert format_pence(44740450, whole=True) == "£447,404.50"
    assert format_pence(5, whole=True) == "£0.05"
    assert format_pence(0, whole=True) == "£0"
    assert format_pence(-150) == "-£1.50"
    assert format_pence(-150, whole=True) == "-£1.50"
    assert format_pence(None) == ""
    assert pence_to_pounds_text(106147750) == "1061477.50"
    assert pence_to_pounds_text(-5) == "-0.05"
    assert pence_to_pounds_text(None) == ""
    assert pence_to_pounds(106147700) == 1061477
    assert pence_to_pounds(44740450) == 447404.5


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=0, max_value=100))
def test_percentage_of_is_the_least_that_is_enough(pence: int, percent: int) -> None:
    needed = percentage_of(pence, percent)
    assert needed * 100 >= pence * percent
    assert (needed - 1) * 100 < pence * percent


@pytest.mark.parametrize(
    ("template", "printed"),
    [
        ("{{ amount|pounds }}", "£1,061,477.00 £447,404.50 -£1.50 "),
        ('{{ amount|pounds:"whole" }}', "£1,061,477 £447,404.50 -£1.50 "),
        ('{{ amount|pounds|default:"Not published" }}', "£1,061,477.00 £447,404.50 -£1.50 "),
    ],
)
def test_the_pounds_filter(template: str, printed: str) -> None:
    source = "{% load money %}{% for amount in amounts %}" + template + " {% endfor %}"
    amounts = [106147700, 44740450, -150]
    assert Template(source).render(Context({"amounts": amounts})) == printed
    nothing = Template("{% load money %}" + template).render(Context({"amount": None}))
    assert nothing == ("Not published" if "default" in template else "")


def test_the_pounds_filter_refuses_a_style_it_does_not_know() -> None:
    with pytest.raises(TemplateSyntaxError, match="whole"):
        Template('{% load money %}{{ 100|pounds:"hole" }}').render(Context())


def test_money_is_parsed_and_printed_only_here() -> None:
    """No app keeps its own parser, printer or filter (a thin re-export may remain)."""
    root = Path(__file__).resolve().parents[2]
    own = {root / "core" / "money.py", root / "core" / "templatetags" / "money.py"}
    found = [
        f"{path.relative_to(root)}: {definition}"
        for path in sorted(root.rglob("*.py"))
        if path not in own and "tests" not in path.parts
        for definition in ("def pounds_to_pence", "def format_pence", "def pounds(")
        if definition in path.read_text(encoding="utf-8")
    ]
    assert found == []
