"""Reference strings of plan items: each kind resolves to its label and link, a public page
never links to a case or a staff page, and one that points at nothing is an error."""

import datetime

import pytest

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.asb_reviews.tests.factories import submit_case
from crimeplan.commissioning.models import Award
from crimeplan.commissioning.tests.factories import ApplicationFactory
from crimeplan.delivery.models import FundingItem
from crimeplan.delivery.references import (
    UnresolvedReference,
    plan_reference_errors,
    reference_errors,
    reference_syntax_error,
    resolve_reference,
)

from .factories import (
    ActionFactory,
    CommitmentFactory,
    PlanFactory,
    PriorityFactory,
    PriorityItemFactory,
    framework_with_measures,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(reference: None):  # type: ignore[no-untyped-def]
    plan = PlanFactory(slug="ref-plan")
    framework_with_measures(
        slug="gloucestershire-2021-25", measures={"all-crime": "All crime", "burglary": "Burglary"}
    )
    framework_with_measures(
        slug="gloucestershire-2021-25-asb", measures={"asb-incidents": "ASB incidents"}
    )
    for position, fund in enumerate(("Safer Streets Fund", "Violence Reduction"), start=1):
        FundingItem.objects.create(
            plan=plan, fund=fund, round=f"Round {position}", amount_pence=100, position=position
        )
    return plan


def test_a_measure_resolves_by_framework_and_id_or_by_id_alone(plan) -> None:  # type: ignore[no-untyped-def]
    label, url = resolve_reference("measure:gloucestershire-2021-25/burglary", plan=plan)
    assert (label, url) == ("Burglary", "/performance/gloucestershire-2021-25/measures/burglary/")
    label, url = resolve_reference("measure:asb-incidents", plan=plan)
    assert label == "ASB incidents"
    assert url.endswith("/gloucestershire-2021-25-asb/measures/asb-incidents/")


def test_a_measure_of_another_force_or_framework_does_not_resolve(plan) -> None:  # type: ignore[no-untyped-def]
    framework_with_measures(slug="wiltshire-plan", force_id="wiltshire", measures={"knife": "K"})
    with pytest.raises(UnresolvedReference, match="no measure 'knife'"):
        resolve_reference("measure:knife", plan=plan)
    with pytest.raises(UnresolvedReference, match="no performance framework 'wiltshire-plan'"):
        resolve_reference("measure:wiltshire-plan/knife", plan=plan)
    with pytest.raises(UnresolvedReference, match="no measure 'robbery'"):
        resolve_reference("measure:gloucestershire-2021-25/robbery", plan=plan)


def test_funding_resolves_by_position(plan) -> None:  # type: ignore[no-untyped-def]
    assert resolve_reference("funding:2", plan=plan) == ("Violence Reduction Round 2", "")
    with pytest.raises(UnresolvedReference, match="the plan has 2 funding lines"):
        resolve_reference("funding:3", plan=plan)
    with pytest.raises(UnresolvedReference, match="a number"):
        resolve_reference("funding:first", plan=plan)


def test_an_award_resolves_by_its_reference(plan) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(reference="T-77777")
    award = Award.objects.create(
        round=application.round,
        application=application,
        recipient=OrganisationFactory(),
        title="Youth diversion sessions",
        amount_pence=500_000,
        starts_on=datetime.date(2024, 4, 1),
        ends_on=datetime.date(2025, 3, 31),
    )
    assert resolve_reference("award:T-77777", plan=plan) == (
        "Youth diversion sessions",
        "/grants/",
    )
    staff = resolve_reference("award:T-77777", plan=plan, public=False)
    assert staff.url == f"/commissioning/awards/{award.pk}/"
    with pytest.raises(UnresolvedReference, match="no grant award has the reference 'T-0'"):
        resolve_reference("award:T-0", plan=plan)


def test_a_case_review_is_never_linked_or_named_on_a_public_page(plan) -> None:  # type: ignore[no-untyped-def]
    case = submit_case()
    assert case.reference
    public = resolve_reference(f"review:{case.reference}", plan=plan)
    assert public.label == "ASB Case Review"
    assert str(case.pk) not in public.url and "cases" not in public.url
    assert case.reference not in public.label
    staff = resolve_reference(f"review:{case.reference}", plan=plan, public=False)
    assert staff.url == f"/asb-reviews/cases/{case.pk}/"
    with pytest.raises(UnresolvedReference, match="no ASB Case Review"):
        resolve_reference("review:ASB-NOPE", plan=plan)


def test_an_action_resolves_only_within_the_plan(plan) -> None:  # type: ignore[no-untyped-def]
    commitment = CommitmentFactory(priority=PriorityFactory(plan=plan, code="CSC"))
    action = ActionFactory(commitment=commitment, title="Street lighting audit")
    other = ActionFactory(title="Another plan's action")
    assert resolve_reference(f"action:{action.pk}", plan=plan) == ("Street lighting audit", "")
    assert resolve_reference(f"action:{action.pk}", plan=plan, public=False).url == (
        f"/delivery/actions/{action.pk}/"
    )
    with pytest.raises(UnresolvedReference, match="the plan has no action"):
        resolve_reference(f"action:{other.pk}", plan=plan)


def test_addresses_and_site_paths(plan) -> None:  # type: ignore[no-untyped-def]
    assert resolve_reference("https://www.gov.uk/guidance/", plan=plan) == (
        "www.gov.uk/guidance",
        "https://www.gov.uk/guidance/",
    )
    assert resolve_reference("/asb-reviews/figures/", plan=plan) == (
        "/asb-reviews/figures/",
        "/asb-reviews/figures/",
    )
    for bad in (
        "http://example.org",
        "//evil.example/",
        "javascript:alert(1)",
        "wibble",
        "https://",
    ):
        with pytest.raises(UnresolvedReference):
            resolve_reference(bad, plan=plan)


def test_syntax_is_checked_without_the_database() -> None:
    assert reference_syntax_error("measure:all-crime") is None
    assert reference_syntax_error("action:12") is None
    assert reference_syntax_error("action:twelve") == "must be action: and a number"
    assert reference_syntax_error("measure:") == "names no measure"
    assert "holds a space" in str(reference_syntax_error("https://a b"))


def test_errors_name_the_reference_and_the_item(plan) -> None:  # type: ignore[no-untyped-def]
    assert reference_errors(["funding:1", "funding:9"], plan=plan) == [
        "'funding:9': the plan has 2 funding lines"
    ]
    priority = PriorityFactory(plan=plan, code="VAWG")
    PriorityItemFactory(priority=priority, text="Refuge places", references=["measure:nope"])
    (error,) = plan_reference_errors(plan=plan)
    assert error.startswith("VAWG, What we've done item")
    assert "Refuge places" in error and "'measure:nope'" in error
