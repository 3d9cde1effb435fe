"""The panel's recommendations as findings for the recommendations tracker: what the module
holds, what its services announce (only once their transaction commits), and that no text the
model declares personal reaches a finding."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews import findings, services
from crimeplan.asb_reviews.constants import Status
from crimeplan.asb_reviews.models import Recommendation
from crimeplan.core.findings import Finding, finding_announced
from crimeplan.core.tests.strategies import typed_text

from .factories import case_at

pytestmark = pytest.mark.usefixtures("reference")
D = datetime.date
DUE = D(2024, 9, 1)


@pytest.fixture
def announced():  # type: ignore[no-untyped-def]
    """Every finding announced while the test runs, with its sender."""
    heard: list[tuple[str, Finding]] = []

    def receive(sender: str, finding: Finding, **kwargs: object) -> None:
        heard.append((sender, finding))

    finding_announced.connect(receive, weak=False, dispatch_uid="asb-findings-test")
    yield heard
    finding_announced.disconnect(dispatch_uid="asb-findings-test")


@pytest.fixture
def coordinator():  # type: ignore[no-untyped-def]
    return member(Role.ASB_COORDINATOR, OrganisationFactory(kind=OrganisationKind.OPCC))


@pytest.fixture
def housing():  # type: ignore[no-untyped-def]
    return OrganisationFactory(kind=OrganisationKind.VOLUNTARY, name="Severn Homes")


@pytest.fixture
def case(coordinator):  # type: ignore[no-untyped-def]
    return case_at(Status.REVIEWED, coordinator=coordinator)


def _add(coordinator, case, owner, text="Fit CCTV at number 4.", due_on=DUE):  # type: ignore[no-untyped-def]
    return services.recommendation_add(
        actor=coordinator, case=case, text=text, owner=owner, due_on=due_on
    )


def test_the_module_declares_its_findings_function() -> None:
    from django.apps import apps

    assert apps.get_app_config("asb_reviews").findings == (
        "crimeplan.asb_reviews.findings.all_findings"
    )


def test_every_recommendation_is_a_finding_numbered_on_its_case(
    coordinator, case, housing, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    police = OrganisationFactory(kind=OrganisationKind.CONSTABULARY, name="Severn Constabulary")
    first = _add(coordinator, case, housing)
    second = _add(coordinator, case, police, due_on=D(2024, 10, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_complete(
            actor=coordinator, recommendation=second, completed_on=timezone.localdate(), note=""
        )
    assert findings.all_findings() == [
        Finding(
            source="asb_case_review",
            key=str(first.pk),
            title=f"ASB Case Review {case.reference}: recommendation 1 to Severn Homes",
            url=f"/asb-reviews/cases/{case.pk}/",
            owner_id=housing.pk,
            due_on=D(2024, 9, 1),
        ),
        Finding(
            source="asb_case_review",
            key=str(second.pk),
            title=f"ASB Case Review {case.reference}: recommendation 2 to Severn Constabulary",
            url=f"/asb-reviews/cases/{case.pk}/",
            owner_id=police.pk,
            due_on=D(2024, 10, 1),
            done_on=timezone.localdate(),
        ),
    ]


def test_adding_and_completing_announce_the_finding(
    coordinator, case, housing, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = _add(coordinator, case, housing)
    assert announced == [("asb_reviews", findings.all_findings()[0])]
    assert announced[0][1].done_on is None
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_complete(
            actor=coordinator,
            recommendation=recommendation,
            completed_on=timezone.localdate(),
            note="Fitted.",
        )
    assert len(announced) == 2
    assert announced[1] == ("asb_reviews", findings.all_findings()[0])
    assert announced[1][1].done_on == timezone.localdate()


def test_a_change_rolled_back_announces_nothing(
    coordinator, case, housing, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _add(coordinator, case, housing)
        raise RuntimeError("the request failed after the service")
    assert announced == []
    assert callbacks == []
    assert not Recommendation.objects.filter(case=case).exists()


def test_anonymising_the_case_withdraws_its_recommendations(
    coordinator, case, housing, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    recommendation = _add(coordinator, case, housing)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_anonymise(case=case)
    assert [(sender, f.key, f.withdrawn) for sender, f in announced] == [
        ("asb_reviews", str(recommendation.pk), True)
    ]
    assert findings.all_findings()[0].withdrawn


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=typed_text(min_size=1, max_size=80), note=typed_text(min_size=1, max_size=80))
def test_no_personal_text_reaches_a_finding(
    coordinator, case, housing, announced, django_capture_on_commit_callbacks, text, note
) -> None:  # type: ignore[no-untyped-def]
    """Whatever the panel and the owner type, the finding never carries it: a marker begins
    each text so that any copy of it, whole or cut, shows."""
    text, note = f"PERSONAL-TEXT {text}", f"PERSONAL-NOTE {note}"
    announced.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = _add(coordinator, case, housing, text=text)
        services.recommendation_complete(
            actor=coordinator,
            recommendation=recommendation,
            completed_on=timezone.localdate(),
            note=note,
        )
    assert len(announced) == 2
    for finding in [*findings.all_findings(), *(f for _, f in announced)]:
        for value in (text.strip(), note.strip(), "PERSONAL-"):
            assert value not in finding.title
            assert value not in finding.url
