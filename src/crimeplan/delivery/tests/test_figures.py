from hypothesis import given
from hypothesis import strategies as st

from crimeplan.delivery.figures import bind, placeholders

TABLES = {
    ("", "burglary"): {"force_change": "-16.4%", "force_current": "2,922"},
    ("gloucestershire-2021-25-asb", "asb-incidents"): {"force_current": "9,436"},
}


def lookup(framework, measure):
    if framework:
        return TABLES.get((framework, measure))
    return TABLES.get(("", measure))


def test_a_placeholder_prints_the_tables_figure():
    text, problems = bind("Burglary changed by {burglary.force_change}.", lookup)
    assert text == "Burglary changed by -16.4%."
    assert problems == []


def test_a_measure_of_another_table_is_named_with_its_framework():
    text, problems = bind(
        "<p>{gloucestershire-2021-25-asb/asb-incidents.force_current} incidents</p>", lookup
    )
    assert text == "<p>9,436 incidents</p>"
    assert problems == []


def test_an_unknown_measure_or_figure_is_a_problem_left_visible():
    text, problems = bind("{robbery.force_change} and {burglary.rate}", lookup, where="Foreword")
    assert text == "{robbery.force_change} and {burglary.rate}"
    assert [str(p) for p in problems] == [
        "Foreword: {robbery.force_change} names a measure no table of the plan holds",
        "Foreword: {burglary.rate} is not a figure of the measure (force_change, force_current)",
    ]


def test_placeholders_are_listed_in_order():
    assert placeholders("{a.b} x {c/d.e_f} {not a placeholder}") == ["{a.b}", "{c/d.e_f}"]


@given(st.text(alphabet=st.characters(blacklist_characters="{}")))
def test_text_without_braces_is_left_as_it_is(text):
    assert bind(text, lookup) == (text, [])
