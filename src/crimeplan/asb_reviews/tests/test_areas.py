"""An area's configuration file: the shipped Gloucestershire file, another area's file by
environment, and clear errors naming the file and key."""

from pathlib import Path

import pytest

from crimeplan.asb_reviews.areas import AREAS_DIR, configured_area, load_area
from crimeplan.asb_reviews.threshold import LocationTrigger, RuleError

GLOS = (AREAS_DIR / "gloucestershire.toml").read_text()


def test_gloucestershire_is_the_default(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CRIMEPLAN_ASB_AREA_FILE", raising=False)
    area = configured_area()
    assert area.rule.area == "Gloucestershire"
    assert (area.rule.qualifying_complaints, area.rule.window_months) == (3, 6)
    assert (area.rule.single_hate_incident, area.rule.location_trigger) == (False, None)
    assert (area.timescales.acknowledge, area.timescales.threshold_decision) == (5, 15)
    assert (area.timescales.review, area.timescales.outcome) == (20, 5)
    assert area.closed_case_months == 24


def test_another_areas_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "elsewhere.toml"
    path.write_text(
        GLOS.replace('area = "Gloucestershire"', 'area = "Elsewhere"').replace(
            "# [threshold.location_trigger]\n# reports = 5\n# reporters = 2",
            "[threshold.location_trigger]\nreports = 5\nreporters = 2",
        )
    )
    monkeypatch.setenv("CRIMEPLAN_ASB_AREA_FILE", str(path))
    area = configured_area()
    assert area.rule.area == "Elsewhere"
    assert area.rule.location_trigger == LocationTrigger(reports=5, reporters=2)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("acknowledge = 5\n", "", r"\[timescales\] lacks acknowledge"),
        ("review = 20", "review = 0", r"\[timescales\] must all be at least 1"),
        ("review = 20", 'review = "20"', r"\[timescales\] review must be int"),
        (
            "closed_case_months = 24",
            "closed_case_months = 0",
            "closed_case_months must be at least 1",
        ),
        ("window_months = 6", "window_months = 3", "window_months must be at least 6"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    assert old in GLOS
    path.write_text(GLOS.replace(old, new))
    with pytest.raises(RuleError, match=message) as error:
        load_area(path)
    assert str(error.value).startswith(str(path))
