"""Awards link to the plan: its priorities (by code, checked) and its delivery actions."""

import datetime

import pytest
from django.db.models import ProtectedError

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.commissioning import selectors, services
from crimeplan.commissioning.models import Award
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
    tvawg = selectors.priority_by_code("tvawg")
    assert tvawg is not None and tvawg.plan == plan
    assert selectors.priority_by_code("xyz") is None
    award = services.award_create(
        actor=None, round=round_, recipient=provider, title="Safe spaces", amount_pence=500,
        starts_on=START, ends_on=END, priority=tvawg, delivery_actions=[action],
    )  # fmt: skip
    assert award.priority == tvawg
    assert list(action.grant_awards.all()) == [award]
    assert list(tvawg.grant_awards.all()) == [award]
    # The link protects the priority: a plan's priority with awards cannot be deleted.
    with pytest.raises(ProtectedError):
        tvawg.delete()


def test_the_award_form_offers_only_the_plans_priorities(client, world) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from crimeplan.accounts.constants import Role

    plan = plan_from_fixture()
    round_ = RoundFactory(budget_pence=10_000)
    client.force_login(world.people[Role.OPCC_COMMISSIONING])
    url = reverse("commissioning:award_create", args=[round_.pk])
    fields = {
        "title": "Lighting",
        "recipient": world.csp_own.pk,
        "amount": "50",
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
    }
    page = client.post(url, {**fields, "priority": "999999"}).content.decode()
    assert "Select a priority from the list" in page
    assert "Lighting" in page  # nothing typed is lost
    csc = plan.priorities.get(code="CSC")
    assert client.post(url, {**fields, "priority": csc.pk}).status_code == 302
    assert Award.objects.get(title="Lighting").priority == csc


def test_awards_are_totalled_by_priority(world) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.constants import Role
    from crimeplan.accounts.permissions import viewer_for

    plan = plan_from_fixture()
    csc = plan.priorities.get(code="CSC")
    round_ = RoundFactory(budget_pence=10_000)
    for title, amount, priority in [("A", 100, csc), ("B", 250, csc), ("C", 40, None)]:
        services.award_create(
            actor=None, round=round_, recipient=world.csp_own, title=title, amount_pence=amount,
            starts_on=START, ends_on=END, priority=priority,
        )  # fmt: skip
    rows = selectors.award_totals(
        viewer=viewer_for(world.people[Role.OPCC_COMMISSIONING]), by="priority"
    )
    assert [(r["priority"], r["awards"], r["awarded_pence"]) for r in rows] == [
        ("CSC", 2, 350),
        ("Not recorded", 1, 40),
    ]


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
