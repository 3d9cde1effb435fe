"""Measures of the performance framework that actions are linked to, by id.

Delivery links an action to a framework measure by its id string (e.g. "all-crime").
`measure_verdicts` is the one place a verdict is looked up: the latest published performance
report that holds the measure (read as performance's typed `PublishedTable`); until one does,
pages show the id with no verdict.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureVerdict:
    measure_id: str
    name: str
    # None: no verdict is available (the framework is not installed or has no figure yet).
    aim_met: bool | None = None
    verdict: str = ""
    period: str = ""


LATEST_SNAPSHOTS = 5


def measure_verdicts(measure_ids: list[str]) -> dict[str, MeasureVerdict]:
    """The latest published verdict of each measure, from the performance framework's
    published reports (newest first); a measure no report holds answers with its id alone.
    Every delivery page and the report read verdicts only through this function."""
    from crimeplan.performance.contracts import latest_published_tables

    wanted = set(measure_ids)
    found: dict[str, MeasureVerdict] = {}
    for table in latest_published_tables(LATEST_SNAPSHOTS):
        for row in table.rows:
            if row.measure_id in wanted and row.measure_id not in found:
                found[row.measure_id] = MeasureVerdict(
                    measure_id=row.measure_id,
                    name=row.name,
                    aim_met=row.aim_met,
                    verdict=row.verdict,
                    period=table.period,
                )
    return {m: found.get(m, MeasureVerdict(measure_id=m, name=m)) for m in measure_ids}
