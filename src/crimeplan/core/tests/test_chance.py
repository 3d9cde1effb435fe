"""A p-value said for people: words first, the figure readable, never "p = 0"."""

import pytest
from django.template import Context, Template
from django.utils import translation

from crimeplan.core.chance import chance_words, p_value_text


@pytest.mark.parametrize(
    ("p", "text", "words"),
    [
        (0.0, "p < 0.001", "very unlikely to be chance"),
        ("5.776e-14", "p < 0.001", "very unlikely to be chance"),
        (0.000999, "p < 0.001", "very unlikely to be chance"),
        (0.001, "p = 0.001", "unlikely to be chance"),
        ("0.0234", "p = 0.023", "unlikely to be chance"),
        (0.05, "p = 0.050", "could well be chance"),
        (0.4123, "p = 0.41", "could well be chance"),
        (1.0, "p = 1.00", "could well be chance"),
        (None, "", ""),
        ("", "", ""),
        ("not a number", "", ""),
        (1.5, "", ""),
        (float("nan"), "", ""),
    ],
)
def test_a_p_value_in_words_and_figures(p: object, text: str, words: str) -> None:
    assert p_value_text(p) == text
    assert chance_words(p) == words


def test_the_filters_say_it_in_the_pages_language() -> None:
    page = Template("{% load chance %}{{ p|chance }} ({{ p|p_value }})")
    assert page.render(Context({"p": 1e-9})) == "very unlikely to be chance (p &lt; 0.001)"
    with translation.override("cy"):
        welsh = page.render(Context({"p": 1e-9}))
    assert welsh.startswith("annhebygol iawn") and "p &lt; 0.001" in welsh
