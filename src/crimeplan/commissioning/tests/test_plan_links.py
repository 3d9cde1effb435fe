"""Awards link to the plan: its priorities (by code, checked) and its delivery actions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.commissioning import services
from crimeplan.delivery.tests.factories import ActionFactory, plan_from_fixture

from .factories import RoundFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)


def test_an_award_pays_for_delivery_actions_of_a_known_priority(reference: None) -> None:
    plan = plan_from_fixture()
    commitment = plan.priorities.get(code="TVAWG").commitments.first()
    provider = OrganisationFactory()
    action = ActionFactory(commitment=commitment, title="Safe spaces", owner_organisation=provider)
    round_ = RoundFactory(budget_pence=1_000_000)
    with pytest.raises(ValidationError, match="XYZ is not a priority of a loaded plan"):
        services.award_create(
            actor=None, round=round_, recipient=provider, title="Safe spaces", amount_pence=500,
            starts_on=START, ends_on=END, priority_code="xyz",
        )  # fmt: skip
    award = services.award_create(
        actor=None, round=round_, recipient=provider, title="Safe spaces", amount_pence=500,
        starts_on=START, ends_on=END, priority_code="tvawg", delivery_actions=[action],
    )  # fmt: skip
    assert award.priority_code == "TVAWG"
    assert list(action.grant_awards.all()) == [award]


def test_the_action_page_lists_its_published_awards(client, world, reference: None) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from crimeplan.accounts.constants import Role

    plan = plan_from_fixture()
    commitment = plan.priorities.get(code="CSC").commitments.first()
    action = ActionFactory(
        commitment=commitment, title="Lighting", owner_organisation=world.csp_own
    )
    services.award_create(
        actor=None, round=RoundFactory(budget_pence=10_000), recipient=world.csp_own,
        title="Better lighting grant", amount_pence=900, starts_on=START, ends_on=END,
        delivery_actions=[action],
    )  # fmt: skip
    client.force_login(world.people[Role.PARTNER_EDITOR])
    page = client.get(reverse("delivery:action_detail", kwargs={"pk": action.pk})).text
    assert "Better lighting grant" in page


@pytest.fixture
def world(reference: None):  # type: ignore[no-untyped-def]
    from crimeplan.core.tests.world import build_world

    return build_world()
