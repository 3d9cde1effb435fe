"""The process through its services: validity with reasons and the late discretion, the
conflict declaration before deciding, recommendations and the force's replies, the event
log and the audit trail, which never holds the complainant's details."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.audit.models import AuditEvent

from .. import selectors, services
from ..constants import Channel, Finding, Status
from ..models import ComplaintReview, ReviewEvent

pytestmark = pytest.mark.django_db
D = datetime.date
PERSONAL_VALUES = (
    "Robin Example",
    "robin.example@example.org",
    "07700 900123",
    "CO/123",
    "My witness was never spoken to",
    "I was in hospital",
    "The officer ignored the witness",
)


@pytest.fixture
def opcc():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.OPCC)


@pytest.fixture
def officer(opcc):  # type: ignore[no-untyped-def]
    return member(Role.OPCC_POLICY, opcc)


RECEIVED = D(2026, 3, 2)
LETTER = D(2026, 2, 20)


def _submit(actor=None, *, received_on=RECEIVED, letter_on=LETTER, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "complainant_name": "Robin Example",
        "complainant_email": "robin.example@example.org",
        "complainant_phone": "07700 900123",
        "force_reference": "CO/123",
        "outcome_reviewed": "No further action.",
        "outcome_letter_on": letter_on,
        "grounds": "My witness was never spoken to.",
    } | extra
    return services.review_submit(
        actor=actor,
        channel=Channel.WEB if actor is None else Channel.PHONE,
        received_on=received_on,
        **fields,
    )


def _no_personal_values_in_the_trail() -> None:
    trail = json.dumps(
        list(AuditEvent.objects.values("summary", "object_label", "before", "after")),
        default=str,
    )
    trail += " ".join(ReviewEvent.objects.values_list("text", flat=True))
    for value in PERSONAL_VALUES:
        assert value not in trail


def test_the_whole_process_is_logged_and_audited_without_the_complainant(officer) -> None:  # type: ignore[no-untyped-def]
    review = _submit()
    assert review.reference == f"CR-2026-{review.pk:05d}"
    assert review.in_time is True
    review = services.review_acknowledge(actor=officer, review=review, on=D(2026, 3, 3))
    review = services.review_check_validity(
        actor=officer, review=review, on=D(2026, 3, 4), reviewable=True, already_reviewed=False
    )
    assert review.status == Status.VALID and review.valid
    assert "within 28 days" in review.validity_reasons
    review = services.review_request_file(actor=officer, review=review, on=D(2026, 3, 4))
    review = services.review_record_file_received(actor=officer, review=review, on=D(2026, 3, 11))
    review = services.review_declare_conflict(
        actor=officer, review=review, has_conflict=False, on=D(2026, 3, 20)
    )
    review = services.review_decide(
        actor=officer,
        review=review,
        finding=Finding.NOT_REASONABLE,
        reasons="The officer ignored the witness.",
        on=D(2026, 3, 20),
        recommendations=["Re-investigate.", "  ", "Train the team."],
    )
    assert review.status == Status.DECIDED and review.upheld
    first, second = review.recommendations.all()
    services.recommendation_record_response(
        actor=officer,
        recommendation=first,
        accepted=True,
        responded_on=D(2026, 4, 1),
        acted_on=D(2026, 5, 1),
    )
    services.recommendation_record_response(
        actor=officer, recommendation=second, accepted=False, responded_on=D(2026, 4, 1)
    )
    first.refresh_from_db()
    assert first.accepted and first.acted_on == D(2026, 5, 1)
    kinds = list(review.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "acknowledged",
        "validity",
        "file",
        "file",
        "conflict",
        "decision",
        "recommendation",
        "recommendation",
        "recommendation",
        "recommendation",
    ]
    assert AuditEvent.objects.filter(object_type="complaint_reviews.ComplaintReview").count() >= 7
    assert AuditEvent.objects.filter(object_type="complaint_reviews.Recommendation").count() == 4
    _no_personal_values_in_the_trail()
    history = review.history.model._meta.get_fields()
    assert "complainant_name" not in {field.name for field in history}


def test_a_late_application_needs_the_discretion_and_its_reason(officer) -> None:  # type: ignore[no-untyped-def]
    review = _submit(
        received_on=D(2026, 3, 30), letter_on=D(2026, 3, 1), late_reason="I was in hospital."
    )
    assert review.in_time is False
    with pytest.raises(ValidationError) as missing:
        services.review_check_validity(
            actor=officer, review=review, on=D(2026, 3, 31), reviewable=True, already_reviewed=False
        )
    assert "late_accepted" in missing.value.message_dict
    with pytest.raises(ValidationError) as unreasoned:
        services.review_check_validity(
            actor=officer,
            review=review,
            on=D(2026, 3, 31),
            reviewable=True,
            already_reviewed=False,
            late_accepted=True,
        )
    assert "discretion_reason" in unreasoned.value.message_dict
    review = services.review_check_validity(
        actor=officer,
        review=review,
        on=D(2026, 3, 31),
        reviewable=True,
        already_reviewed=False,
        late_accepted=True,
        discretion_reason="A stay in hospital explains the delay.",
    )
    assert review.valid and review.late_accepted
    assert "accepted because: A stay in hospital" in review.validity_reasons
    assert review.events.last().text == "valid, late application accepted"  # type: ignore[union-attr]
    _no_personal_values_in_the_trail()


@pytest.mark.parametrize(
    ("reviewable", "already_reviewed", "reason"),
    [(False, False, "not the relevant review body"), (True, True, "already been reviewed")],
)
def test_not_valid_with_its_reason(officer, reviewable, already_reviewed, reason) -> None:  # type: ignore[no-untyped-def]
    review = services.review_check_validity(
        actor=officer,
        review=_submit(),
        on=D(2026, 3, 3),
        reviewable=reviewable,
        already_reviewed=already_reviewed,
    )
    assert review.status == Status.NOT_VALID and review.valid is False
    assert reason in review.validity_reasons
    with pytest.raises(ValidationError):
        services.review_request_file(actor=officer, review=review, on=D(2026, 3, 4))


def test_no_decision_without_a_declaration_of_no_conflict(officer, opcc) -> None:  # type: ignore[no-untyped-def]
    review = services.review_check_validity(
        actor=officer, review=_submit(), on=D(2026, 3, 3), reviewable=True, already_reviewed=False
    )
    decide = {
        "finding": Finding.REASONABLE,
        "reasons": "Handled properly.",
        "on": D(2026, 3, 20),
    }
    with pytest.raises(ValidationError):
        services.review_decide(actor=officer, review=review, **decide)
    review = services.review_declare_conflict(
        actor=officer, review=review, has_conflict=True, on=D(2026, 3, 5)
    )
    assert review.reviewer is None
    with pytest.raises(ValidationError):
        services.review_decide(actor=officer, review=review, **decide)
    colleague = member(Role.OPCC_ADMIN, opcc)
    review = services.review_declare_conflict(
        actor=colleague, review=review, has_conflict=False, on=D(2026, 3, 6)
    )
    with pytest.raises(ValidationError):  # the declaration was someone else's
        services.review_decide(actor=officer, review=review, **decide)
    review = services.review_decide(actor=colleague, review=review, **decide)
    assert review.finding == Finding.REASONABLE and not review.upheld


def test_recommendations_only_follow_an_upheld_review(officer) -> None:  # type: ignore[no-untyped-def]
    review = services.review_check_validity(
        actor=officer, review=_submit(), on=D(2026, 3, 3), reviewable=True, already_reviewed=False
    )
    review = services.review_declare_conflict(
        actor=officer, review=review, has_conflict=False, on=D(2026, 3, 5)
    )
    with pytest.raises(ValidationError) as error:
        services.review_decide(
            actor=officer,
            review=review,
            finding=Finding.REASONABLE,
            reasons="Fine.",
            on=D(2026, 3, 6),
            recommendations=["Do better."],
        )
    assert "recommendations" in error.value.message_dict
    assert ComplaintReview.objects.get(pk=review.pk).decided_on is None


def test_only_review_officers_enter_or_move_a_case(opcc) -> None:  # type: ignore[no-untyped-def]
    analyst = member(Role.OPCC_ANALYST, opcc)
    with pytest.raises(PermissionDenied):
        _submit(actor=analyst)
    with pytest.raises(PermissionDenied):
        services.review_acknowledge(actor=analyst, review=_submit(), on=D(2026, 3, 3))


def test_staff_entry_by_phone(officer) -> None:  # type: ignore[no-untyped-def]
    review = _submit(actor=officer)
    assert review.channel == Channel.PHONE and review.created_by == officer


def test_reminders_name_what_is_due(officer) -> None:  # type: ignore[no-untyped-def]
    review = _submit()
    due = selectors.reviews_to_remind(today=D(2026, 3, 6))
    # Acknowledgment due 9 March (5 working days from Monday 2 March), within 2 working days.
    assert [(r.pk, t.what, t.due_on) for r, t in due] == [
        (review.pk, "Acknowledgment", D(2026, 3, 9))
    ]
    services.review_acknowledge(actor=officer, review=review, on=D(2026, 3, 6))
    assert selectors.reviews_to_remind(today=D(2026, 3, 6)) == []
