"""Reads for complaint reviews: who sees the cases (the review officers only), each case's
timers, the cases to remind about, and the published quarterly figures (counts only)."""

import datetime

from django.db.models import QuerySet

from crimeplan.accounts.permissions import Viewer

from . import figures
from .constants import REMIND_AGAIN_AFTER_DAYS, REMIND_WORKING_DAYS_BEFORE, Finding
from .models import ComplaintReview, Reminder
from .permissions import REVIEWERS
from .services import ack_working_days, decision_target_working_days
from .timers import Timer, add_working_days, timers


def shows_reviews(viewer: Viewer) -> bool:
    """The menu entry: for the review officers (no query)."""
    return viewer.has_any(REVIEWERS)


def review_list(*, viewer: Viewer) -> QuerySet[ComplaintReview]:
    """Every case for a review officer; none for anyone else."""
    reviews = ComplaintReview.objects.select_related("reviewer")
    return reviews if viewer.has_any(REVIEWERS) else reviews.none()


def review_timers(review: ComplaintReview, *, today: datetime.date) -> list[Timer]:
    return timers(
        received_on=review.received_on,
        acknowledged_on=review.acknowledged_on,
        decided_on=review.decided_on,
        valid=review.valid,
        ack_days=ack_working_days(),
        decision_days=decision_target_working_days(),
        today=today,
    )


def reviews_to_remind(*, today: datetime.date) -> list[tuple[ComplaintReview, Timer]]:
    """Each open timer due within the next REMIND_WORKING_DAYS_BEFORE working days, or
    overdue, with its case."""
    horizon = add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    found = []
    open_reviews = ComplaintReview.objects.filter(decided_on__isnull=True).exclude(valid=False)
    unacknowledged = ComplaintReview.objects.filter(acknowledged_on__isnull=True)
    for review in (open_reviews | unacknowledged).distinct().order_by("received_on", "pk"):
        for timer in review_timers(review, today=today):
            if timer.done_on is None and timer.due_on <= horizon:
                found.append((review, timer))
    return found


def reminders_due(*, today: datetime.date) -> list[tuple[ComplaintReview, Timer]]:
    """The timers to remind about today: those `reviews_to_remind` finds, less those the
    officers were e-mailed about within the last REMIND_AGAIN_AFTER_DAYS days."""
    since = today - datetime.timedelta(days=REMIND_AGAIN_AFTER_DAYS)
    recent = set(Reminder.objects.filter(sent_on__gt=since).values_list("review_id", "timer"))
    return [
        (review, timer)
        for review, timer in reviews_to_remind(today=today)
        if (review.pk, timer.what.lower()) not in recent
    ]


def quarterly_figures() -> list[dict[str, object]]:
    """The published figures: every case counted, by quarter, without a case's details."""
    facts = [
        figures.ReviewFacts(
            received_on=received_on,
            valid=valid,
            decided_on=decided_on,
            upheld=finding == Finding.NOT_REASONABLE,
        )
        for received_on, valid, decided_on, finding in ComplaintReview.objects.values_list(
            "received_on", "valid", "decided_on", "finding"
        )
    ]
    return figures.quarterly_figures(facts, target_working_days=decision_target_working_days())
