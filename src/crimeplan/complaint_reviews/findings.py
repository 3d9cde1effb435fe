"""What complaint reviews tell the recommendations tracker (crimeplan.core.findings): each
recommendation to the force, named by the review's reference and its number, never by its
text (the review officer writes it about the complainant's case and the officers in it).

The services announce a recommendation when the transaction that made or changed it commits,
so a change rolled back announces nothing; `all_findings` is the tracker's full re-sync.
"""

import datetime
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.urls import reverse

from crimeplan.accounts.constants import OrganisationKind
from crimeplan.accounts.models import Organisation
from crimeplan.core.findings import Finding, announce

from .models import ComplaintReview, Recommendation

SOURCE = "complaint_review"
LABEL = "complaint_reviews"
# The force replies to a relevant review body's recommendation in writing within 28 days
# (Police Reform Act 2002 Sch. 3, as amended by the Policing and Crime Act 2017): the tracker's
# due date, counted from the decision that made it.
REPLY_DAYS = 28


def the_force() -> Organisation | None:
    """The constabulary the reviews are about. A review does not name its force: an OPCC
    reviews its own force's complaints, so this is the one current constabulary organisation,
    or None when there is none or more than one."""
    forces = list(
        Organisation.objects.filter(kind=OrganisationKind.CONSTABULARY, archived_at__isnull=True)[
            :2
        ]
    )
    return forces[0] if len(forces) == 1 else None


def _reply_due(review: ComplaintReview) -> datetime.date | None:
    if review.decided_on is None:
        return None
    return review.decided_on + datetime.timedelta(days=REPLY_DAYS)


def _finding(recommendation: Recommendation, number: int, force: Organisation | None) -> Finding:
    review = recommendation.review
    return Finding(
        source=SOURCE,
        key=str(recommendation.pk),
        title=f"Complaint review {review.reference}: recommendation {number} to "
        f"{force.name if force else 'the force'}",
        url=reverse("complaint_reviews:review_detail", kwargs={"pk": review.pk}),
        owner_id=force.pk if force else None,
        due_on=_reply_due(review),
        done_on=recommendation.acted_on,
        withdrawn=review.anonymised_at is not None,
    )


def _numbered(recommendations: Iterable[Recommendation]) -> dict[int, int]:
    """{recommendation pk: its number on its review}, counted in the order they were made."""
    numbers: dict[int, int] = {}
    counts: dict[int, int] = {}
    for recommendation in sorted(recommendations, key=lambda r: (r.review_id, r.pk)):
        counts[recommendation.review_id] = counts.get(recommendation.review_id, 0) + 1
        numbers[recommendation.pk] = counts[recommendation.review_id]
    return numbers


def all_findings() -> list[Finding]:
    """Every recommendation the module holds (the tracker's full re-sync)."""
    recommendations = list(Recommendation.objects.select_related("review"))
    numbers = _numbered(recommendations)
    force = the_force()
    return [_finding(r, numbers[r.pk], force) for r in recommendations]


def review_findings(review: ComplaintReview) -> list[Finding]:
    """The review's recommendations (withdrawn once the review is anonymised)."""
    recommendations = list(review.recommendations.select_related("review"))
    numbers = _numbered(recommendations)
    force = the_force()
    return [_finding(r, numbers[r.pk], force) for r in recommendations]


def recommendation_finding(recommendation: Recommendation) -> Finding:
    review = recommendation.review
    number = review.recommendations.filter(pk__lte=recommendation.pk).count()
    return _finding(recommendation, number, the_force())


def announce_on_commit(findings: Iterable[Finding]) -> None:
    """Announce once the current transaction commits (at once outside one)."""
    for finding in list(findings):
        transaction.on_commit(partial(announce, finding, sender=LABEL))
