"""An area's ASB Case Review configuration (threshold rule, timescales, retention), read
from a TOML file: `areas/<force>.toml` for the installation's force unless
CRIMEPLAN_ASB_AREA_FILE names another."""

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .threshold import LocationTrigger, RuleError, ThresholdRule

AREAS_DIR = Path(__file__).parent / "areas"
RULE_KEYS = {
    "qualifying_complaints": int,
    "window_months": int,
    "complaint_within_months": int,
    "application_within_months": int,
    "separate_occasions": bool,
    "require_ongoing": bool,
    "single_hate_incident": bool,
}
TIMESCALE_KEYS = ("acknowledge", "threshold_decision", "review", "outcome")


@dataclass(frozen=True)
class Timescales:
    """Working days allowed for each stage."""

    acknowledge: int
    threshold_decision: int
    review: int
    outcome: int


@dataclass(frozen=True)
class AreaConfig:
    rule: ThresholdRule
    timescales: Timescales
    closed_case_months: int


def _typed(path: Path, section: str, key: str, value: Any, kind: type) -> Any:
    # bool is an int in Python, so check it both ways.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RuleError(f"{path}: [{section}] {key} must be {kind.__name__}, not {value!r}")
    return value


def _rule(path: Path, area: str, table: dict[str, Any]) -> ThresholdRule:
    unknown = set(table) - set(RULE_KEYS) - {"location_trigger"}
    if unknown:
        raise RuleError(f"{path}: [threshold] has unknown keys: {', '.join(sorted(unknown))}")
    values = {
        key: _typed(path, "threshold", key, table[key], kind)
        for key, kind in RULE_KEYS.items()
        if key in table
    }
    trigger = table.get("location_trigger")
    location = None
    if trigger is not None:
        location = LocationTrigger(
            reports=_typed(
                path, "threshold.location_trigger", "reports", trigger.get("reports"), int
            ),
            reporters=_typed(
                path, "threshold.location_trigger", "reporters", trigger.get("reporters"), int
            ),
        )
    try:
        return ThresholdRule(area=area, location_trigger=location, **values)
    except RuleError as error:
        raise RuleError(f"{path}: {error}") from None


def load_rule(path: Path) -> ThresholdRule:
    """A rule file may hold only the [threshold] table (and `area`)."""
    document = _read(path)
    return _rule(path, str(document.get("area", path.stem)), document.get("threshold", {}))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise RuleError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{path}: not valid TOML: {error}") from None


def load_area(path: Path) -> AreaConfig:
    document = _read(path)
    area = str(document.get("area", path.stem))
    timescales = document.get("timescales", {})
    missing = [key for key in TIMESCALE_KEYS if key not in timescales]
    if missing:
        raise RuleError(f"{path}: [timescales] lacks {', '.join(missing)}")
    days = {key: _typed(path, "timescales", key, timescales[key], int) for key in TIMESCALE_KEYS}
    if any(value < 1 for value in days.values()):
        raise RuleError(f"{path}: [timescales] must all be at least 1 working day")
    retention = document.get("retention", {})
    months = _typed(
        path, "retention", "closed_case_months", retention.get("closed_case_months"), int
    )
    if months < 1:
        raise RuleError(f"{path}: [retention] closed_case_months must be at least 1")
    return AreaConfig(
        rule=_rule(path, area, document.get("threshold", {})),
        timescales=Timescales(**days),
        closed_case_months=months,
    )


def area_file(force_id: str) -> Path:
    configured = os.environ.get("CRIMEPLAN_ASB_AREA_FILE")
    return Path(configured) if configured else AREAS_DIR / f"{force_id}.toml"


def configured_area() -> AreaConfig:
    from django.conf import settings

    return load_area(area_file(settings.CRIMEPLAN_FORCE))
