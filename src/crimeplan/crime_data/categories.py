"""The published police.uk categories, read from reference/policeuk_categories.toml."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATEGORIES_FILE = Path(__file__).resolve().parent / "reference" / "policeuk_categories.toml"


@dataclass(frozen=True)
class PoliceUkCategories:
    crime_types: frozenset[str]
    api_slug_to_crime_type: dict[str, str]
    outcomes: frozenset[str]
    stop_search_types: frozenset[str]
    stop_search_outcomes: frozenset[str]


@cache
def police_uk_categories() -> PoliceUkCategories:
    with CATEGORIES_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    current: dict[str, str] = raw["crime_types"]
    retired = {name: entry["slug"] for name, entry in raw.get("retired_crime_types", {}).items()}
    return PoliceUkCategories(
        crime_types=frozenset(current) | frozenset(retired),
        # The API's slugs map to today's labels ("violent-crime" → Violence and sexual offences).
        api_slug_to_crime_type={slug: name for name, slug in current.items()},
        outcomes=frozenset(raw["outcomes"]["list"]),
        stop_search_types=frozenset(raw["stop_and_search"]["types"]),
        stop_search_outcomes=frozenset(raw["stop_and_search"]["outcomes"]),
    )
