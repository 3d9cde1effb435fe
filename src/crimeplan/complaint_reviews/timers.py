"""The complaint review's clock: whether an application is in time, and when the
acknowledgment and the decision are due in working days. Pure: dates in, dates out.

Working days are those of every statutory clock here (crimeplan.core.working_days: Monday to
Friday less the bank holidays of England and Wales), the ASB Case Review's included.
"""

import datetime
from dataclasses import dataclass

from crimeplan.core.working_days import add_working_days, working_days_between

from .constants import APPLICATION_WINDOW_DAYS

__all__ = [
    "Timer",
    "add_working_days",
    "in_time",
    "last_day_to_apply",
    "timers",
    "working_days_between",
]


def last_day_to_apply(outcome_letter_on: datetime.date) -> datetime.date:
    """The 28 days begin the day after the outcome letter: a letter of 1 March may be
    reviewed on an application received by 29 March."""
    return outcome_letter_on + datetime.timedelta(days=APPLICATION_WINDOW_DAYS)


def in_time(*, outcome_letter_on: datetime.date, received_on: datetime.date) -> bool:
    return received_on <= last_day_to_apply(outcome_letter_on)


@dataclass(frozen=True)
class Timer:
    what: str
    due_on: datetime.date
    done_on: datetime.date | None
    overdue: bool

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on


def timers(
    *,
    received_on: datetime.date,
    acknowledged_on: datetime.date | None,
    decided_on: datetime.date | None,
    valid: bool | None,
    ack_days: int,
    decision_days: int,
    today: datetime.date,
) -> list[Timer]:
    """The acknowledgment and the decision, both counted from receipt; an application found
    not valid has no decision to make."""
    stages = [("Acknowledgment", ack_days, acknowledged_on)]
    if valid is not False:
        stages.append(("Decision", decision_days, decided_on))
    result = []
    for what, days, done_on in stages:
        due_on = add_working_days(received_on, days)
        result.append(
            Timer(
                what=what,
                due_on=due_on,
                done_on=done_on,
                overdue=done_on is None and today > due_on,
            )
        )
    return result
