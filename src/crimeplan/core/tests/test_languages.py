"""Which languages the site offers: Welsh beside English for the four Welsh forces, by default;
CRIMEPLAN_LANGUAGES overrides it, and a wrong value is named."""

import pytest

from crimeplan.core.languages import LanguageSettingError, languages_for, name_in

BOTH = [("en-gb", "English"), ("cy", "Cymraeg")]
ENGLISH = [("en-gb", "English")]


@pytest.mark.parametrize("force", ["dyfed-powys", "gwent", "north-wales", "south-wales"])
def test_a_welsh_force_offers_welsh_by_default(force: str) -> None:
    assert languages_for(force) == BOTH


@pytest.mark.parametrize("force", ["gloucestershire", "cheshire", "metropolitan"])
def test_an_english_force_offers_english_by_default(force: str) -> None:
    assert languages_for(force) == ENGLISH
    assert languages_for(force, "  ") == ENGLISH


def test_the_setting_turns_welsh_on_or_off_whatever_the_force() -> None:
    assert languages_for("gloucestershire", "en-gb,cy") == BOTH
    assert languages_for("gloucestershire", " CY , en-GB ") == BOTH  # English still first
    assert languages_for("gwent", "en-gb") == ENGLISH


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("en-gb,fr", "fr is not a language the site has"),
        ("cy", "en-gb must be one of them"),
    ],
)
def test_a_wrong_setting_is_named(value: str, message: str) -> None:
    with pytest.raises(LanguageSettingError, match=f"CRIMEPLAN_LANGUAGES: {message}"):
        languages_for("gwent", value)


def test_a_name_is_given_in_welsh_only_where_asked_and_configured() -> None:
    assert name_in("cy", "Office of the PCC", "Swyddfa'r CHTh") == "Swyddfa'r CHTh"
    assert name_in("cy", "Office of the PCC", "") == "Office of the PCC"
    assert name_in("en-gb", "Office of the PCC", "Swyddfa'r CHTh") == "Office of the PCC"
    assert name_in(None, "Office of the PCC", "Swyddfa'r CHTh") == "Office of the PCC"
