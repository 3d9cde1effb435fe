"""The computed table and the measure pages' figures, each made once per state of what they
read and then served from memory in each process.

Every entry is keyed on the data version (`data_version`: crime_data's, with the geography the
tables read) and the framework version, so a change to anything a table reads (an import, an
offence measure's codes, a population, a comparison group, a new definition) makes new keys
and old entries simply age out of the memo.
"""

import datetime
import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max

from crimeplan.core.memo import Memo
from crimeplan.crime_data import contracts as crime_data
from crimeplan.geography.models import ComparisonGroup, ForcePopulation

from . import engine, selectors
from .charts import bar_chart
from .engine import MeasureRow, Table, compute_table
from .models import Framework as FrameworkRecord
from .models import FrameworkVersion

# -- the data version ---------------------------------------------------------------------------


_VERSION: dict[str, tuple[float, str]] = {}


def data_version() -> str:
    """Changes whenever anything the tables read may have changed. Read at most once per
    CRIMEPLAN_DATA_STAMP_SECONDS in each process (default 2), so busy pages do not query it
    on every request; a change shows within that time."""
    ttl = getattr(settings, "CRIMEPLAN_DATA_STAMP_SECONDS", 2)
    now = time.monotonic()
    held = _VERSION.get("version")
    if ttl and held and now - held[0] < ttl:
        return held[1]
    version = _read_data_version()
    _VERSION["version"] = (now, version)
    return version


def _read_data_version() -> str:
    parts = [
        crime_data.data_version(),
        # Force populations and comparison groups are geography's, read with crime_data's figures.
        ForcePopulation.history.aggregate(Max("history_date")),
        ComparisonGroup.history.aggregate(Max("history_date")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


# -- the computed table -------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedTable:
    table: Table
    notes: tuple[str, ...]
    version: FrameworkVersion
    stamp: str  # the data version the table was computed from
    as_at: datetime.datetime | None  # when the latest successful import finished


TABLES: Memo[tuple[Table, tuple[str, ...], datetime.datetime | None]] = Memo()


def computed_table(record: FrameworkRecord) -> ComputedTable:
    """The framework's latest version computed from the stored data, once per data version."""
    version = selectors.latest_version(record)
    stamp = data_version()

    def make() -> tuple[Table, tuple[str, ...], datetime.datetime | None]:
        defn = selectors.definition(version)
        inputs, notes = selectors.stored_inputs(defn)
        return compute_table(defn, inputs), tuple(notes), crime_data.latest_import_finished()

    table, notes, as_at = TABLES.get_or_make((version.pk, stamp), make)
    return ComputedTable(table, notes, version, stamp, as_at)


# -- a measure's page ---------------------------------------------------------------------------


EXTRAS: Memo[dict[str, Any]] = Memo(size=256)


def measure_extras(
    record: FrameworkRecord, computed: ComputedTable, row: MeasureRow
) -> dict[str, Any]:
    """The chart, the group's rates and the district table of a measure's page: made once per
    data version, framework version and set of timeline marks, then served from memory; with
    the marks themselves."""
    marks = list(selectors.annotations(record, row.measure.id))
    key = (
        record.pk,
        row.measure.id,
        computed.version.pk,
        computed.stamp,
        tuple((a.pk, a.month, a.rebase, a.text) for a in marks),
    )

    def make() -> dict[str, Any]:
        from .services import measure_chart

        definition = selectors.definition(computed.version)
        group_rates = _group_rates(computed, row) if row.standing else []
        return {
            "chart": measure_chart(record, definition, row.measure.id),
            "group_rates": group_rates,
            "group_chart": _group_chart(group_rates, row, definition),
            "districts": selectors.district_breakdown(definition, row.measure),
        }

    return {**EXTRAS.get_or_make(key, make), "marks": marks}


def _group_chart(group_rates: list[dict[str, Any]], row: MeasureRow, definition: Any) -> str:
    if not group_rates:
        return ""
    return bar_chart(
        group_rates,
        category="force",
        value="rate",
        title=f"{row.measure.name}: rate per 1,000 in the group, {definition.current.label}",
        description="Current rate per 1,000 population for the force and each member of its "
        "comparison group, lowest first; the table below gives the figures.",
    ).svg


def _group_rates(computed: ComputedTable, row: MeasureRow) -> list[dict[str, Any]]:
    """The force and each member's current rate per 1,000 (count measures), for the chart."""
    if row.measure.kind != "count":
        return []
    definition = selectors.definition(computed.version)
    inputs, _ = selectors.stored_inputs(definition)
    return [
        {"force": r.area, "rate": float(engine.round_half_up(r.rate, 3)), "home": r.home}
        for r in engine.group_rates(inputs, row.measure.id)
    ]
