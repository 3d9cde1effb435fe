"""What waits for each member of staff: the work queues of their home page.

Each module that gives people work declares `work` on its AppConfig (crimeplan.core.plugins):
the dotted path of a function `queues(viewer, today)` returning a `WorkQueue` for each list of
things that wait for this viewer (cases past a deadline, returns late, actions whose update is
overdue, applications to score), or none where the viewer has no such work. The home page shows
every queue returned, with its count and its first few items, before anything else; a queue
with nothing in it says so, so that "nothing waits" is told, not guessed from a missing box.
"""

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.module_loading import import_string

from .plugins import modules
from .viewers import Viewer

logger = logging.getLogger("crimeplan.core.work")

# How many items each queue lists on the home page; its link leads to the rest.
SHOWN = 5


@dataclass(frozen=True)
class WorkItem:
    label: str
    url: str
    note: str = ""  # when it was due, or what is late about it


@dataclass(frozen=True)
class WorkQueue:
    title: str  # what waits: "Case reviews past a deadline"
    items: Sequence[WorkItem]  # every item, most urgent first
    url: str  # the page with all of them
    link_text: str  # "See every case review"
    empty: str  # said when nothing waits: "No case review is past a deadline."
    failed: bool = False  # the module's queues could not be made (see queues_for)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def shown(self) -> Sequence[WorkItem]:
        return self.items[:SHOWN]

    @property
    def more(self) -> int:
        return max(0, self.count - SHOWN)


def queues_for(viewer: Viewer, *, today: datetime.date) -> list[WorkQueue]:
    """Every module's queues for `viewer`, in INSTALLED_APPS order. A module whose queues
    cannot be made (its configuration broken, its data unreadable) is said to have failed,
    with the error logged: the home page and the other queues are still shown."""
    found: list[WorkQueue] = []
    for config in modules():
        work = getattr(config, "work", None)
        if work is None:
            continue
        try:
            found += import_string(work)(viewer, today)
        except Exception:
            logger.exception("The %s work queues could not be made", config.label)
            found.append(
                WorkQueue(
                    title=str(config.verbose_name),
                    items=(),
                    url="",
                    link_text="",
                    empty="What waits here could not be listed just now; the error is logged.",
                    failed=True,
                )
            )
    return found
