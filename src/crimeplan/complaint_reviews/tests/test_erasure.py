"""An erasure request finds the complainant's reviews by e-mail or name: one past its
retention period is anonymised, one in progress or still kept is kept, and said why."""

import datetime

import pytest

from crimeplan.erasure import DONE, ERASE, KEEP, erasure_apply, erasure_find

from ..constants import Status
from ..models import ComplaintReview
from .factories import ComplaintReviewFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
EMAIL, NAME = "robin.example@example.org", "Robin Example"


def test_complaint_reviews_are_found_and_anonymised_when_their_period_is_over() -> None:
    old = RecommendationFactory(
        review__received_on=datetime.date(2019, 3, 1),
        review__validity_decided_on=datetime.date(2019, 3, 4),
        review__conflict_declared_on=datetime.date(2019, 4, 1),
        review__decided_on=datetime.date(2019, 4, 1),
    ).review
    recent = RecommendationFactory().review
    open_review = ComplaintReviewFactory(complainant_email="x@example.org")
    today = datetime.date(2026, 11, 18)
    found = {f.record.pk: f for f in erasure_find(email=EMAIL, name=NAME, today=today)}
    assert found[old.pk].decision == ERASE
    assert found[recent.pk].decision == KEEP and "2032" in found[recent.pk].why
    assert found[open_review.pk].decision == KEEP and "in progress" in found[open_review.pk].why
    assert open_review.status == Status.RECEIVED
    erasure_apply(findings=list(found.values()))
    old = ComplaintReview.objects.get(pk=old.pk)
    assert old.anonymised_at is not None and old.complainant_email == ""
    assert ComplaintReview.objects.get(pk=recent.pk).complainant_name == NAME
    again = {f.record.pk: f for f in erasure_find(email=EMAIL, name=NAME, today=today)}
    assert old.pk not in again or again[old.pk].decision == DONE
