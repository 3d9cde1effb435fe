"""Measures of the performance framework that actions are linked to, by id.

Delivery links an action to a framework measure by its id string (e.g. "all-crime") so that it
works whether or not the performance framework is installed. `measure_verdicts` is the one
place a verdict is looked up: until the framework publishes verdicts it answers with the id
alone, and pages show the id with no verdict.
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


def measure_verdicts(measure_ids: list[str]) -> dict[str, MeasureVerdict]:
    """The latest verdict of each measure. Wire the performance framework's selector of the
    latest published verdict in here; every delivery page and the report read verdicts only
    through this function."""
    return {
        measure_id: MeasureVerdict(measure_id=measure_id, name=measure_id)
        for measure_id in measure_ids
    }
