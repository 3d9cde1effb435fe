"""A plan's performance framework as data: read from TOML, checked, and written back.

Pure Python, no ORM: the command line computes a table from files alone. Every error names
the key that is wrong (`measures[3].aim`) and what is wrong with it.
"""

import datetime
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import tomli_w

from crimeplan.crime_data.categories import police_uk_categories

from .constants import Aim, MeasureKind, Source

__all__ = ["Aim", "Framework", "FrameworkError", "Measure", "MeasureKind", "Period", "Source"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
GROUP = "msg"
# Comparators beyond the group, as the aggregated-data template names them.
REGION = "region"
ENGLAND_AND_WALES = "england-and-wales"
COMPARATORS = {REGION: "Region", ENGLAND_AND_WALES: "England and Wales"}
PERIOD_NAMES = ("baseline", "current")
MAX_DECIMALS = 6
TOP_KEYS = {
    "name",
    "force",
    "comparison_group",
    "periods",
    "measures",
    "priorities",
    "source",
    "notes",
    "name_cy",
}


class FrameworkError(ValueError):
    """A framework file that cannot be used; `key` is where in the file the problem is."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}" if key else message)


@dataclass(frozen=True)
class Period:
    name: str
    label: str
    start: datetime.date  # first day of the first month
    end: datetime.date  # first day of the last month
    population_year: int
    label_cy: str = ""  # the label in Welsh, for a Welsh copy of a published report

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    kind: MeasureKind
    aim: Aim
    priorities: tuple[str, ...]
    source: Source
    police_uk_crime_types: tuple[str, ...] = ()
    rate_decimals: int | None = None
    change_decimals: int | None = None
    # For percentage measures: the aggregated-data measure holding each figure's sample size,
    # so that the change can be tested.
    sample_size_measure: str | None = None
    description: str = ""
    share_of: str | None = None  # share: the total count measure's id
    target: Decimal | None = None  # target: the figure to reach
    rank_of: int | None = None  # rank: how many forces are ranked
    # Said in the row when the measure's data period differs from the table's window.
    period_note: str = ""
    section: str = ""  # a heading the row sits under, for tables in parts
    value_decimals: int | None = None  # printed decimals of a percentage or share
    # In Welsh, for a Welsh copy of a published report (docs/how-to/welsh.md).
    name_cy: str = ""
    period_note_cy: str = ""


@dataclass(frozen=True)
class Framework:
    name: str
    force: str
    comparison_group: str | tuple[str, ...]  # "msg", or the member forces' ids
    baseline: Period
    current: Period
    measures: tuple[Measure, ...]
    priorities: Mapping[str, str] = field(default_factory=dict)  # code → title
    source: str = ""  # where the table's figures come from, as printed under its title
    notes: tuple[str, ...] = ()  # printed under the table
    name_cy: str = ""  # the name in Welsh

    @property
    def welsh_gaps(self) -> list[str]:
        """The keys a Welsh copy of the framework's report needs and the file leaves out, in
        the file's order; none when the whole of it is given in Welsh."""
        gaps = [] if self.name_cy else ["name_cy"]
        gaps += [f"periods.{p.name}.label_cy" for p in self.periods if not p.label_cy]
        for index, m in enumerate(self.measures, start=1):
            if not m.name_cy:
                gaps.append(f"measures[{index}].name_cy")
            if m.period_note and not m.period_note_cy:
                gaps.append(f"measures[{index}].period_note_cy")
        return gaps

    @property
    def periods(self) -> tuple[Period, Period]:
        return (self.baseline, self.current)

    def measure(self, measure_id: str) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)


def loads(text: str) -> Framework:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FrameworkError("", f"not valid TOML: {error}") from None
    return from_dict(data)


def from_dict(data: Mapping[str, Any]) -> Framework:
    _only_keys("", data, TOP_KEYS)
    name = _text(data, "name", "")
    force = _slug(data, "force", "")
    group = _comparison_group(data.get("comparison_group", GROUP))
    periods = data.get("periods")
    if not isinstance(periods, Mapping):
        raise FrameworkError("periods", "missing: give [periods.baseline] and [periods.current]")
    _only_keys("periods", periods, set(PERIOD_NAMES))
    baseline, current = (_period(periods, name) for name in PERIOD_NAMES)
    if current.start <= baseline.start:
        raise FrameworkError("periods.current.start", "must be after the baseline's start")
    priorities = _priorities(data.get("priorities", {}))
    raw_measures = data.get("measures")
    if not isinstance(raw_measures, list) or not raw_measures:
        raise FrameworkError("measures", "missing: give at least one [[measures]] table")
    measures = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_measures, start=1):
        measure = _measure(f"measures[{index}]", raw)
        if measure.id in seen:
            raise FrameworkError(f"measures[{index}].id", f"{measure.id!r} is used twice")
        seen.add(measure.id)
        measures.append(measure)
    _check_shares(measures)
    return Framework(
        name=name,
        force=force,
        comparison_group=group,
        baseline=baseline,
        current=current,
        measures=tuple(measures),
        priorities=priorities,
        source=_text(data, "source", "", required=False),
        notes=_string_list(data, "notes", ""),
        name_cy=_text(data, "name_cy", "", required=False),
    )


def _check_shares(measures: list[Measure]) -> None:
    kinds = {m.id: m.kind for m in measures}
    for index, measure in enumerate(measures, start=1):
        if measure.share_of is None:
            continue
        where = f"measures[{index}].share_of"
        if measure.share_of not in kinds:
            raise FrameworkError(where, f"{measure.share_of!r} is not a measure of this framework")
        if kinds[measure.share_of] != MeasureKind.COUNT:
            raise FrameworkError(where, f"{measure.share_of!r} is not a count measure")


def to_dict(framework: Framework) -> dict[str, Any]:
    """The framework as TOML-ready data: `from_dict(to_dict(f)) == f`."""
    data: dict[str, Any] = {
        "name": framework.name,
        "force": framework.force,
        "comparison_group": (
            framework.comparison_group
            if isinstance(framework.comparison_group, str)
            else list(framework.comparison_group)
        ),
    }
    if framework.name_cy:
        data["name_cy"] = framework.name_cy
    if framework.source:
        data["source"] = framework.source
    if framework.notes:
        data["notes"] = list(framework.notes)
    if framework.priorities:
        data["priorities"] = dict(framework.priorities)
    data["periods"] = {
        period.name: {
            "label": period.label,
            "start": f"{period.start:%Y-%m}",
            "end": f"{period.end:%Y-%m}",
            "population_year": period.population_year,
        }
        | ({"label_cy": period.label_cy} if period.label_cy else {})
        for period in framework.periods
    }
    measures = []
    for m in framework.measures:
        row: dict[str, Any] = {
            "id": m.id,
            "name": m.name,
            "kind": m.kind.value,
            "aim": m.aim.value,
            "priorities": list(m.priorities),
            "source": m.source.value,
        }
        if m.description:
            row["description"] = m.description
        if m.police_uk_crime_types:
            row["police_uk_crime_types"] = list(m.police_uk_crime_types)
        for key in OPTIONAL_KEYS:
            value = getattr(m, key)
            if value is not None and value != "":
                row[key] = _toml_number(value) if key == "target" else value
        measures.append(row)
    data["measures"] = measures
    return data


OPTIONAL_KEYS = (
    "rate_decimals",
    "change_decimals",
    "sample_size_measure",
    "share_of",
    "target",
    "rank_of",
    "period_note",
    "section",
    "value_decimals",
    "name_cy",
    "period_note_cy",
)


def _toml_number(value: Decimal) -> int | float:
    # A whole target is written as a TOML integer; a fractional one as the float it came from.
    return int(value) if value == value.to_integral_value() else float(value)


def dumps(framework: Framework) -> str:
    return tomli_w.dumps(to_dict(framework))


# -- checking ---------------------------------------------------------------------------------


def _only_keys(where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            path = f"{where}.{key}" if where else key
            raise FrameworkError(
                path, f"not a key crimeplan knows (expected one of {', '.join(sorted(allowed))})"
            )


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    path = f"{where}.{key}" if where else key
    value = data.get(key)
    if value is None:
        if required:
            raise FrameworkError(path, "missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise FrameworkError(path, f"{value!r} is not text")
    return value.strip()


def _slug(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(data, key, where)
    if not SLUG.match(value) or len(value) > 80:
        path = f"{where}.{key}" if where else key
        raise FrameworkError(
            path, f"{value!r} is not an id (lowercase letters, digits and hyphens)"
        )
    return value


def _comparison_group(value: Any) -> str | tuple[str, ...]:
    if value == GROUP:
        return GROUP
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        for index, item in enumerate(value, start=1):
            if not SLUG.match(item):
                raise FrameworkError(
                    f"comparison_group[{index}]", f"{item!r} is not a police.uk force id"
                )
        if len(set(value)) != len(value):
            raise FrameworkError("comparison_group", "a force is listed twice")
        return tuple(value)
    raise FrameworkError(
        "comparison_group", f'{value!r}: give "msg" or a list of police.uk force ids'
    )


def _month(data: Mapping[str, Any], key: str, where: str) -> datetime.date:
    text = _text(data, key, where)
    match = MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise FrameworkError(f"{where}.{key}", f"{text!r} is not a month written YYYY-MM")
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def _int(data: Mapping[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FrameworkError(
            f"{where}.{key}", "missing" if value is None else f"{value!r} is not a whole number"
        )
    if not low <= value <= high:
        raise FrameworkError(f"{where}.{key}", f"{value} is not between {low} and {high}")
    return value


def _period(periods: Mapping[str, Any], name: str) -> Period:
    where = f"periods.{name}"
    raw = periods.get(name)
    if not isinstance(raw, Mapping):
        raise FrameworkError(where, "missing")
    _only_keys(where, raw, {"label", "label_cy", "start", "end", "population_year"})
    start = _month(raw, "start", where)
    end = _month(raw, "end", where)
    if end < start:
        raise FrameworkError(f"{where}.end", "is before the start")
    return Period(
        name=name,
        label=_text(raw, "label", where),
        start=start,
        end=end,
        population_year=_int(raw, "population_year", where, 1990, 2100),
        label_cy=_text(raw, "label_cy", where, required=False),
    )


def _priorities(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise FrameworkError("priorities", "give a table of priority code = title")
    for code, title in value.items():
        if not isinstance(title, str):
            raise FrameworkError(f"priorities.{code}", "the title must be text")
    return dict(value)


MEASURE_KEYS = {
    "id",
    "name",
    "kind",
    "aim",
    "priorities",
    "source",
    "police_uk_crime_types",
    "rate_decimals",
    "change_decimals",
    "sample_size_measure",
    "description",
    "share_of",
    "target",
    "rank_of",
    "period_note",
    "section",
    "value_decimals",
    "name_cy",
    "period_note_cy",
}
# The keys only one kind uses.
KIND_KEYS = {
    "share_of": MeasureKind.SHARE,
    "target": MeasureKind.TARGET,
    "rank_of": MeasureKind.RANK,
}
MAX_RANKED = 100


def _choice[E: (Aim, MeasureKind, Source)](
    raw: Mapping[str, Any], key: str, where: str, choices: type[E]
) -> E:
    value = _text(raw, key, where)
    try:
        return choices(value)
    except ValueError:
        allowed = " | ".join(c.value for c in choices)
        raise FrameworkError(f"{where}.{key}", f"{value!r} is not one of {allowed}") from None


def _string_list(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FrameworkError(f"{where}.{key}" if where else key, "give a list of text values")
    return tuple(v.strip() for v in value)


def _measure(where: str, raw: Any) -> Measure:
    if not isinstance(raw, Mapping):
        raise FrameworkError(where, "a measure must be a table")
    _only_keys(where, raw, MEASURE_KEYS)
    kind = _choice(raw, "kind", where, MeasureKind)
    source = _choice(raw, "source", where, Source)
    crime_types = _crime_types(raw, where, source)
    if kind in AGGREGATES_ONLY and source != Source.AGGREGATES:
        raise FrameworkError(
            f"{where}.source", f"a {kind.value} measure comes from the aggregated-data template"
        )
    decimals = {
        key: _int(raw, key, where, 0, MAX_DECIMALS) if key in raw else None
        for key in ("rate_decimals", "change_decimals", "value_decimals")
    }
    if kind != MeasureKind.COUNT and decimals["rate_decimals"] is not None:
        raise FrameworkError(f"{where}.rate_decimals", f"a {kind.value} measure has no rate")
    if kind not in VALUE_DECIMAL_KINDS and decimals["value_decimals"] is not None:
        raise FrameworkError(
            f"{where}.value_decimals", "only percentage, share and target measures use it"
        )
    for key, owner in KIND_KEYS.items():
        if key in raw and kind != owner:
            raise FrameworkError(f"{where}.{key}", f"only used when kind = {owner.value!r}")
    sample_size = raw.get("sample_size_measure")
    if sample_size is not None:
        if kind != MeasureKind.PERCENTAGE:
            raise FrameworkError(
                f"{where}.sample_size_measure", "only percentage measures have sample sizes"
            )
        sample_size = _slug(raw, "sample_size_measure", where)
    return Measure(
        id=_slug(raw, "id", where),
        name=_text(raw, "name", where),
        kind=kind,
        aim=_aim(raw, where, kind),
        priorities=_string_list(raw, "priorities", where),
        source=source,
        police_uk_crime_types=crime_types,
        rate_decimals=decimals["rate_decimals"],
        change_decimals=decimals["change_decimals"],
        sample_size_measure=sample_size,
        description=_text(raw, "description", where, required=False),
        share_of=_slug(raw, "share_of", where) if kind == MeasureKind.SHARE else None,
        target=_target(raw, where) if kind == MeasureKind.TARGET else None,
        rank_of=_int(raw, "rank_of", where, 2, MAX_RANKED) if kind == MeasureKind.RANK else None,
        period_note=_text(raw, "period_note", where, required=False),
        section=_text(raw, "section", where, required=False),
        value_decimals=decimals["value_decimals"],
        name_cy=_text(raw, "name_cy", where, required=False),
        period_note_cy=_text(raw, "period_note_cy", where, required=False),
    )


AGGREGATES_ONLY = {
    MeasureKind.PERCENTAGE,
    MeasureKind.TARGET,
    MeasureKind.RANK,
    MeasureKind.DURATION,
}
VALUE_DECIMAL_KINDS = {MeasureKind.PERCENTAGE, MeasureKind.SHARE, MeasureKind.TARGET}


def _crime_types(raw: Mapping[str, Any], where: str, source: Source) -> tuple[str, ...]:
    crime_types = _string_list(raw, "police_uk_crime_types", where)
    if source == Source.POLICE_UK and not crime_types:
        raise FrameworkError(
            f"{where}.police_uk_crime_types", "a police.uk measure needs at least one crime type"
        )
    known = police_uk_categories().crime_types
    for index, crime_type in enumerate(crime_types, start=1):
        if crime_type not in known:
            raise FrameworkError(
                f"{where}.police_uk_crime_types[{index}]",
                f"{crime_type!r} is not a police.uk crime type (e.g. 'Burglary')",
            )
    if source != Source.POLICE_UK and crime_types:
        raise FrameworkError(
            f"{where}.police_uk_crime_types", f"only used when source = {Source.POLICE_UK.value!r}"
        )
    return crime_types


def _aim(raw: Mapping[str, Any], where: str, kind: MeasureKind) -> Aim:
    """reduce | increase; a share may be "monitor" (no aim); a rank's aim is to reduce its
    number (1 = best), so it may be left out and cannot be "increase"."""
    if kind == MeasureKind.RANK:
        if raw.get("aim", Aim.REDUCE.value) != Aim.REDUCE.value:
            raise FrameworkError(
                f"{where}.aim",
                f"{raw.get('aim')!r}: a rank improves as its number falls (1 = best); write "
                'aim = "reduce" or leave the aim out',
            )
        return Aim.REDUCE
    allowed = [Aim.REDUCE, Aim.INCREASE]
    if kind == MeasureKind.SHARE:
        allowed.append(Aim.MONITOR)
    value = _text(raw, "aim", where)
    if value not in allowed:
        raise FrameworkError(
            f"{where}.aim", f"{value!r} is not one of {' | '.join(a.value for a in allowed)}"
        )
    return Aim(value)


def _target(raw: Mapping[str, Any], where: str) -> Decimal:
    value = raw.get("target")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FrameworkError(
            f"{where}.target",
            "missing: a target measure needs the figure to reach (target = 153)"
            if value is None
            else f"{value!r} is not a number",
        )
    if value < 0:
        raise FrameworkError(f"{where}.target", f"{value} is negative")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
