"""Recommendations to the force as findings for the recommendations tracker: what the module
holds, what its services announce (only once their transaction commits), and that nothing the
complainant or the review officer typed reaches a finding."""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.core.findings import Finding, finding_announced
from crimeplan.core.tests.strategies import typed_text

from .. import findings, services
from ..constants import Channel
from ..constants import Finding as Outcome
from ..models import Recommendation

pytestmark = pytest.mark.django_db
D = datetime.date
DECIDED = D(2026, 3, 20)


@pytest.fixture
def announced():  # type: ignore[no-untyped-def]
    """Every finding announced while the test runs, with its sender."""
    heard: list[tuple[str, Finding]] = []

    def receive(sender: str, finding: Finding, **kwargs: object) -> None:
        heard.append((sender, finding))

    finding_announced.connect(receive, weak=False, dispatch_uid="complaint-findings-test")
    yield heard
    finding_announced.disconnect(dispatch_uid="complaint-findings-test")


@pytest.fixture
def officer():  # type: ignore[no-untyped-def]
    return member(Role.OPCC_POLICY, OrganisationFactory(kind=OrganisationKind.OPCC))


@pytest.fixture
def force():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.CONSTABULARY, name="Severn Constabulary")


def _ready(officer, **personal):  # type: ignore[no-untyped-def]
    """A valid review, its officer having declared no conflict: ready for the decision."""
    fields = {
        "complainant_name": "Robin Example",
        "complainant_email": "robin.example@example.org",
        "force_reference": "CO/123",
        "outcome_reviewed": "No further action.",
        "outcome_letter_on": D(2026, 2, 20),
        "grounds": "My witness was never spoken to.",
    } | personal
    review = services.review_submit(
        actor=officer, channel=Channel.PHONE, received_on=D(2026, 3, 2), **fields
    )
    review = services.review_check_validity(
        actor=officer, review=review, on=D(2026, 3, 4), reviewable=True, already_reviewed=False
    )
    return services.review_declare_conflict(
        actor=officer, review=review, has_conflict=False, on=DECIDED
    )


def _decide(officer, review, recommendations, reasons="The witness was ignored."):  # type: ignore[no-untyped-def]
    return services.review_decide(
        actor=officer,
        review=review,
        finding=Outcome.NOT_REASONABLE,
        reasons=reasons,
        on=DECIDED,
        recommendations=recommendations,
    )


def test_the_module_declares_its_findings_function() -> None:
    config = apps.get_app_config("complaint_reviews")
    assert config.findings == "crimeplan.complaint_reviews.findings.all_findings"


def test_every_recommendation_is_a_finding_for_the_force(officer, force) -> None:  # type: ignore[no-untyped-def]
    review = _decide(officer, _ready(officer), ["Re-investigate.", "Train the team."])
    first, second = review.recommendations.all()
    services.recommendation_record_response(
        actor=officer,
        recommendation=first,
        accepted=True,
        responded_on=D(2026, 4, 1),
        acted_on=D(2026, 5, 1),
    )
    expected = {
        "source": "complaint_review",
        "url": f"/complaint-reviews/{review.pk}/",
        "owner_id": force.pk,
        "due_on": D(2026, 4, 17),  # the force's reply: 28 days after the decision
    }
    assert findings.all_findings() == [
        Finding(
            key=str(first.pk),
            title=f"Complaint review {review.reference}: recommendation 1 to Severn Constabulary",
            done_on=D(2026, 5, 1),
            **expected,
        ),
        Finding(
            key=str(second.pk),
            title=f"Complaint review {review.reference}: recommendation 2 to Severn Constabulary",
            **expected,
        ),
    ]


def test_without_one_force_the_owner_is_not_known(officer) -> None:  # type: ignore[no-untyped-def]
    OrganisationFactory(kind=OrganisationKind.CONSTABULARY)
    OrganisationFactory(kind=OrganisationKind.CONSTABULARY)
    review = _decide(officer, _ready(officer), ["Re-investigate."])
    (finding,) = findings.all_findings()
    assert finding.owner_id is None
    assert finding.title == f"Complaint review {review.reference}: recommendation 1 to the force"


def test_the_decision_and_the_reply_announce_the_finding(
    officer, force, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    review = _ready(officer)
    with django_capture_on_commit_callbacks(execute=True):
        review = _decide(officer, review, ["Re-investigate."])
    assert announced == [("complaint_reviews", findings.all_findings()[0])]
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_record_response(
            actor=officer,
            recommendation=review.recommendations.get(),
            accepted=True,
            responded_on=D(2026, 4, 1),
            acted_on=D(2026, 4, 2),
        )
    assert len(announced) == 2
    assert announced[1] == ("complaint_reviews", findings.all_findings()[0])
    assert announced[1][1].done_on == D(2026, 4, 2)


def test_a_change_rolled_back_announces_nothing(
    officer, force, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    review = _decide(officer, _ready(officer), ["Re-investigate."])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.recommendation_add(actor=officer, review=review, text="Apologise.")
        raise RuntimeError("the request failed after the service")
    assert announced == [] and callbacks == []
    assert review.recommendations.count() == 1


def test_anonymising_the_review_withdraws_its_recommendations(
    officer, force, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    review = _decide(officer, _ready(officer), ["Re-investigate.", "Train the team."])
    with django_capture_on_commit_callbacks(execute=True):
        services.review_anonymise(review=review, reason="after the retention period")
    keys = sorted(str(pk) for pk in Recommendation.objects.values_list("pk", flat=True))
    assert sorted(f.key for _, f in announced) == keys
    assert all(f.withdrawn for _, f in announced)
    assert all(f.withdrawn for f in findings.all_findings())


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=typed_text(min_size=1, max_size=40),
    reasons=typed_text(min_size=1, max_size=80),
    text=typed_text(min_size=1, max_size=80),
)
def test_no_personal_text_reaches_a_finding(
    officer, force, announced, django_capture_on_commit_callbacks, name, reasons, text
) -> None:  # type: ignore[no-untyped-def]
    """Whatever the complainant and the officer type, a finding never carries it: a marker
    begins each text so that any copy of it, whole or cut, shows. The recommendation's text
    is not declared personal, but it is about the complaint, so it is held to the same rule."""
    name, reasons, text = f"PERSONAL-NAME {name}", f"PERSONAL-REASONS {reasons}", f"PERSONAL {text}"
    announced.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review = _decide(officer, _ready(officer, complainant_name=name), [text], reasons)
    assert len(announced) == 1
    typed = (name.strip(), reasons.strip(), text.strip(), "CO/123", "PERSONAL")
    for finding in [*findings.review_findings(review), *(f for _, f in announced)]:
        for value in typed:
            assert value not in finding.title
            assert value not in finding.url
