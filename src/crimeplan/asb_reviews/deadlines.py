"""When each stage of a case is due, and whether it is overdue: pure, from the case's dates
and the area's timescales in working days."""

import datetime
from dataclasses import dataclass

from crimeplan.core.working_days import add_working_days

from .areas import Timescales
from .constants import Stage


@dataclass(frozen=True)
class StageDates:
    received_on: datetime.date
    acknowledged_on: datetime.date | None
    threshold_decided_on: datetime.date | None
    threshold_met: bool | None
    review_held_on: datetime.date | None
    outcome_sent_on: datetime.date | None


@dataclass(frozen=True)
class Deadline:
    stage: Stage
    due_on: datetime.date
    done_on: datetime.date | None
    overdue: bool

    @property
    def late(self) -> bool:
        """Done, but after it was due."""
        return self.done_on is not None and self.done_on > self.due_on


def deadlines(dates: StageDates, timescales: Timescales, *, today: datetime.date) -> list[Deadline]:
    """Acknowledgement and threshold decision count from receipt, the review from the
    threshold decision, the outcome from the review. A stage whose start has not happened
    yet has no deadline; a case whose threshold was not met has no review."""
    stages: list[tuple[Stage, datetime.date | None, int, datetime.date | None]] = [
        (Stage.ACKNOWLEDGE, dates.received_on, timescales.acknowledge, dates.acknowledged_on),
        (
            Stage.THRESHOLD_DECISION,
            dates.received_on,
            timescales.threshold_decision,
            dates.threshold_decided_on,
        ),
    ]
    if dates.threshold_met is not False:
        stages += [
            (Stage.REVIEW, dates.threshold_decided_on, timescales.review, dates.review_held_on),
            (Stage.OUTCOME, dates.review_held_on, timescales.outcome, dates.outcome_sent_on),
        ]
    result = []
    for stage, start, days, done_on in stages:
        if start is None:
            continue
        due_on = add_working_days(start, days)
        result.append(
            Deadline(
                stage=stage,
                due_on=due_on,
                done_on=done_on,
                overdue=done_on is None and today > due_on,
            )
        )
    return result
