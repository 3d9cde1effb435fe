"""What waits for the analysts on their home page (crimeplan.core.work): the measures whose aim
is not met and that have no comment yet, which block each framework's next publication."""

import datetime

from django.urls import reverse

from crimeplan.core.viewers import Viewer
from crimeplan.core.work import WorkItem, WorkQueue

from . import selectors
from .computed import computed_table
from .models import Framework as FrameworkRecord
from .models import FrameworkVersion
from .permissions import ANALYSTS


def queues(viewer: Viewer, today: datetime.date) -> list[WorkQueue]:
    if not viewer.has_any(ANALYSTS):
        return []
    items = []
    records = FrameworkRecord.objects.filter(versions__isnull=False).distinct().order_by("slug")
    for record in records:
        try:
            table = computed_table(record).table
        except FrameworkVersion.DoesNotExist:
            continue
        comments = selectors.comments(record)
        for row in table.rows:
            comment = comments.get(row.measure.id)
            if row.aim_met is False and not (comment and comment.text.strip()):
                items.append(
                    WorkItem(
                        label=f"{row.measure.name} ({table.framework.name})",
                        url=reverse(
                            "performance:commentary_edit", args=[record.slug, row.measure.id]
                        ),
                        note="aim not met: needs a comment before publication",
                    )
                )
    return [
        WorkQueue(
            title="Measures needing a comment",
            items=items,
            url=reverse("performance:index"),
            link_text="See the performance frameworks",
            empty="Every measure whose aim is not met has its comment.",
        )
    ]
