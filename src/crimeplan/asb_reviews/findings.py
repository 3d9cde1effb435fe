"""What ASB Case Reviews tell the recommendations tracker (crimeplan.core.findings): each of
the panel's recommendations, named by the case's reference, its number and the body that
owns it. Its text and completion note are personal (`Recommendation.PERSONAL_FIELDS`) and are
never copied.

The services announce a recommendation when the transaction that made or changed it commits,
so a change rolled back announces nothing; `all_findings` is the tracker's full re-sync.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.urls import reverse

from crimeplan.core.findings import Finding, announce

from .models import CaseReview, Recommendation

SOURCE = "asb_case_review"
LABEL = "asb_reviews"


def _finding(recommendation: Recommendation, number: int) -> Finding:
    case = recommendation.case
    return Finding(
        source=SOURCE,
        key=str(recommendation.pk),
        title=f"ASB Case Review {case.reference}: recommendation {number} to "
        f"{recommendation.owner.name}",
        url=reverse("asb_reviews:case_detail", kwargs={"pk": case.pk}),
        owner_id=recommendation.owner_id,
        due_on=recommendation.due_on,
        done_on=recommendation.completed_on,
        # Anonymised after its retention period, the case leaves the tracker.
        withdrawn=case.anonymised_at is not None,
    )


def _numbered(recommendations: list[Recommendation]) -> list[Finding]:
    """Each recommendation's finding, numbered on its case in the order they were made."""
    counts: dict[int, int] = {}
    found = []
    for recommendation in sorted(recommendations, key=lambda r: (r.case_id, r.pk)):
        counts[recommendation.case_id] = counts.get(recommendation.case_id, 0) + 1
        found.append(_finding(recommendation, counts[recommendation.case_id]))
    return found


def all_findings() -> list[Finding]:
    """Every recommendation the module holds (the tracker's full re-sync)."""
    return _numbered(list(Recommendation.objects.select_related("case", "owner")))


def case_findings(case: CaseReview) -> list[Finding]:
    return _numbered(list(case.recommendations.select_related("case", "owner")))


def recommendation_finding(recommendation: Recommendation) -> Finding:
    number = Recommendation.objects.filter(
        case_id=recommendation.case_id, pk__lte=recommendation.pk
    ).count()
    return _finding(recommendation, number)


def announce_on_commit(findings: Iterable[Finding]) -> None:
    """Announce once the current transaction commits (at once outside one)."""
    for finding in list(findings):
        transaction.on_commit(partial(announce, finding, sender=LABEL))
