"""Measures of the performance framework that actions are linked to, by id.

Delivery links an action to a framework measure by its id string (e.g. "all-crime").
`measure_verdicts` is the one place a verdict is looked up: the latest published performance
report that holds the measure; until one does, pages show the id with no verdict.
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
    from crimeplan.performance.selectors import snapshot_list

    wanted = set(measure_ids)
    found: dict[str, MeasureVerdict] = {}
    for snapshot in snapshot_list().order_by("-published_at")[:LATEST_SNAPSHOTS]:
        document = snapshot.document
        period = document.get("periods", {}).get("current", {}).get("label", "")
        for row in document.get("measures", []):
            if row.get("id") in wanted and row["id"] not in found:
                found[row["id"]] = MeasureVerdict(
                    measure_id=row["id"],
                    name=row.get("measure", row["id"]),
                    aim_met={"yes": True, "no": False}.get(row.get("aim_met", "")),
                    verdict=row.get("verdict", ""),
                    period=period,
                )
    return {m: found.get(m, MeasureVerdict(measure_id=m, name=m)) for m in measure_ids}
