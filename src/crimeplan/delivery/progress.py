"""When an action is overdue for a progress update, and the RAG summary of a set of actions.
Pure: dates and statuses in, answers out."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .constants import CLOSED_STATUSES, RAG, ActionStatus


def update_due_since(
    *, last_update: datetime.date | None, start_date: datetime.date, interval_days: int
) -> datetime.date:
    """The day an open action becomes overdue for an update: `interval_days` after its latest
    update, or after its start when it has none."""
    return (last_update or start_date) + datetime.timedelta(days=interval_days)


def is_update_overdue(
    *,
    status: str,
    last_update: datetime.date | None,
    start_date: datetime.date,
    interval_days: int,
    today: datetime.date,
) -> bool:
    """Closed actions (complete or cancelled) and actions not yet started by date are never
    overdue; otherwise one is overdue once its due-since day has passed."""
    if status in CLOSED_STATUSES or start_date > today:
        return False
    return today > update_due_since(
        last_update=last_update, start_date=start_date, interval_days=interval_days
    )


@dataclass(frozen=True)
class RagCount:
    status: str
    label: str
    rag: str
    tag_class: str
    count: int


def rag_summary(statuses: Iterable[str]) -> list[RagCount]:
    """How many actions are at each status, in the order the statuses are declared."""
    counts = Counter(statuses)
    return [
        RagCount(
            status=status.value,
            label=status.label,
            rag=RAG[status][0],
            tag_class=RAG[status][1],
            count=counts.get(status.value, 0),
        )
        for status in ActionStatus
    ]
