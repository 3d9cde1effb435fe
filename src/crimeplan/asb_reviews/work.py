"""What waits for the ASB Case Review co-ordinator on their home page (crimeplan.core.work):
the open cases with a stage past its deadline. Each is named by its reference only: the
home page shows no one's details."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format

from crimeplan.core.viewers import Viewer
from crimeplan.core.work import WorkItem, WorkQueue

from .areas import configured_area
from .constants import Stage
from .permissions import MANAGERS
from .selectors import working_list


def queues(viewer: Viewer, today: datetime.date) -> list[WorkQueue]:
    if not viewer.has_any(MANAGERS):
        return []
    rows = working_list(
        viewer=viewer, timescales=configured_area().timescales, today=today, overdue_only=True
    )
    rows.sort(key=lambda row: (min(d.due_on for d in row.overdue), row.case.pk))
    items = []
    for row in rows:
        first = min(row.overdue, key=lambda d: d.due_on)
        items.append(
            WorkItem(
                label=f"Case {row.case.reference or row.case.pk}",
                url=reverse("asb_reviews:case_detail", args=[row.case.pk]),
                note=f"{Stage(first.stage).label}: due {date_format(first.due_on, 'j F Y')}",
            )
        )
    return [
        WorkQueue(
            title="Case reviews past a deadline",
            items=items,
            url=reverse("asb_reviews:case_list") + "?overdue=1",
            link_text="See the case reviews past a deadline",
            empty="No open case review is past a deadline.",
        )
    ]
