"""What waits for the review officers on their home page (crimeplan.core.work): the complaint
reviews whose acknowledgment or decision is past its target. Each is named by its reference
only: the home page shows no complainant's details."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format

from crimeplan.core.viewers import Viewer
from crimeplan.core.work import WorkItem, WorkQueue

from .permissions import REVIEWERS
from .selectors import review_list, review_timers


def queues(viewer: Viewer, today: datetime.date) -> list[WorkQueue]:
    if not viewer.has_any(REVIEWERS):
        return []
    late = []
    waiting = (Q(decided_on__isnull=True) & ~Q(valid=False)) | Q(acknowledged_on__isnull=True)
    for review in review_list(viewer=viewer).filter(waiting):
        overdue = [t for t in review_timers(review, today=today) if t.overdue]
        if overdue:
            first = min(overdue, key=lambda t: t.due_on)
            late.append((first.due_on, review, first))
    late.sort(key=lambda found: (found[0], found[1].pk))
    return [
        WorkQueue(
            title="Complaint reviews past a target",
            items=[
                WorkItem(
                    label=f"Review {review.reference or review.pk}",
                    url=reverse("complaint_reviews:review_detail", args=[review.pk]),
                    note=f"{timer.what}: due {date_format(timer.due_on, 'j F Y')}",
                )
                for _, review, timer in late
            ],
            url=reverse("complaint_reviews:review_list"),
            link_text="See the complaint reviews",
            empty="No complaint review is past a target.",
        )
    ]
