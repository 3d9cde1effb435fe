"""Anonymising a review once its retention period has passed: the complainant's details and
the texts go, the quarterly figures do not change, the audit trail names the reference and a
count only, and a second run changes nothing."""

import datetime

import pytest

from crimeplan import retention
from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent

from .. import selectors, services
from ..constants import Finding, Status
from ..models import ComplaintReview, ReviewEvent
from .test_services import _no_personal_values_in_the_trail, _submit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC))


def _decided(officer) -> ComplaintReview:  # type: ignore[no-untyped-def]
    """A late application, accepted, upheld with a recommendation the force accepted."""
    review = _submit(
        received_on=D(2026, 4, 20), letter_on=D(2026, 3, 2), late_reason="I was in hospital."
    )
    review = services.review_check_validity(
        actor=officer,
        review=review,
        on=D(2026, 4, 21),
        reviewable=True,
        already_reviewed=False,
        late_accepted=True,
        discretion_reason="I was in hospital.",
    )
    review = services.review_declare_conflict(
        actor=officer, review=review, has_conflict=False, on=D(2026, 5, 1)
    )
    review = services.review_decide(
        actor=officer,
        review=review,
        finding=Finding.NOT_REASONABLE,
        reasons="The officer ignored the witness.",
        on=D(2026, 5, 5),
        recommendations=["Re-investigate."],
    )
    services.recommendation_record_response(
        actor=officer,
        recommendation=review.recommendations.get(),
        accepted=True,
        responded_on=D(2026, 5, 20),
    )
    return review


KEPT = (
    "reference",
    "channel",
    "received_on",
    "status",
    "outcome_letter_on",
    "in_time",
    "reviewable",
    "already_reviewed",
    "late_accepted",
    "valid",
    "validity_decided_on",
    "conflict_declared_on",
    "has_conflict",
    "reviewer_id",
    "decided_on",
    "finding",
)


def test_anonymising_clears_the_personal_fields_and_keeps_the_figures(officer) -> None:  # type: ignore[no-untyped-def]
    review = _decided(officer)
    figures = selectors.quarterly_figures()
    kept = {name: getattr(review, name) for name in KEPT}
    recommendation = review.recommendations.values("text", "accepted", "responded_on").get()
    log = list(review.events.values_list("kind", "text"))

    services.review_anonymise(review=review, reason="retention schedule")

    review.refresh_from_db()
    assert review.anonymised_at is not None
    assert {name: getattr(review, name) for name in KEPT} == kept
    for name in ComplaintReview.PERSONAL_FIELDS:
        assert getattr(review, name) in ("", services.ANONYMISED), name
    # A late acceptance still has its (anonymised) reason, as the constraint requires.
    assert review.late_accepted and review.validity_reasons == services.ANONYMISED
    # The recommendation's text is about the complainant's case: erased; the force's reply
    # (accepted, and when) stays for the figures.
    assert review.recommendations.values("text", "accepted", "responded_on").get() == (
        recommendation | {"text": services.ANONYMISED}
    )
    assert list(review.events.values_list("kind", "text")) == [
        *log,
        ("anonymised", "personal details removed"),
    ]
    assert selectors.quarterly_figures() == figures

    event = AuditEvent.objects.filter(object_id=str(review.pk)).latest("pk")
    assert event.summary.startswith(f"{review.reference}: anonymised (retention schedule)")
    assert "personal fields cleared" in event.summary
    _no_personal_values_in_the_trail()
    # The history never held the personal fields, so it stays as it was.
    assert review.history.count() >= 4


def test_a_second_run_does_nothing(officer) -> None:  # type: ignore[no-untyped-def]
    review = services.review_anonymise(review=_decided(officer), reason="retention schedule")
    counts = (AuditEvent.objects.count(), ReviewEvent.objects.count(), review.history.count())
    again = services.review_anonymise(review=review, reason="retention schedule")
    assert again.anonymised_at == review.anonymised_at
    assert (AuditEvent.objects.count(), ReviewEvent.objects.count(), review.history.count()) == (
        counts
    )


def test_the_schedule_counts_from_the_decision_or_the_not_valid_finding(officer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_RETENTION = {**settings.CRIMEPLAN_RETENTION, "complaint_reviews": 10}
    decided = _decided(officer)  # decided on 5 May 2026
    not_valid = services.review_check_validity(
        actor=officer,
        review=_submit(received_on=D(2026, 3, 2)),
        on=D(2026, 3, 3),
        reviewable=False,
        already_reviewed=False,
    )
    in_progress = _submit(received_on=D(2026, 3, 2))
    assert not_valid.status == Status.NOT_VALID

    def due(today: datetime.date) -> int:
        (result,) = retention.retention_apply(today=today, keys=["complaint_reviews"])
        assert not result.error
        return result.count

    assert due(D(2026, 3, 12)) == 0
    assert due(D(2026, 3, 13)) == 1  # ten days after the not-valid finding
    assert due(D(2026, 5, 14)) == 0
    assert due(D(2026, 5, 15)) == 1  # ten days after the decision
    assert due(D(2030, 1, 1)) == 0  # the one in progress is never due
    for review, anonymised in ((decided, True), (not_valid, True), (in_progress, False)):
        review.refresh_from_db()
        assert (review.anonymised_at is not None) == anonymised


def test_the_default_period_is_six_years() -> None:
    from django.conf import settings

    assert settings.CRIMEPLAN_RETENTION["complaint_reviews"] == 2_190
    assert "complaint_reviews.ComplaintReview" not in retention.NOT_SCHEDULED
